package com.onceteller.ui;

import com.onceteller.ui.accounts.AccountsView;
import com.onceteller.ui.accounts.AccountsViewModel;
import com.onceteller.ui.indoubt.InDoubtBannerView;
import com.onceteller.ui.indoubt.InDoubtViewModel;
import com.onceteller.ui.main.MainView;
import com.onceteller.ui.main.MainViewModel;
import com.onceteller.ui.main.WindowPlacement;
import com.onceteller.ui.retry.RetryPanelView;
import com.onceteller.ui.transfer.TransferFormView;
import com.onceteller.ui.transfer.TransferFormViewModel;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

/**
 * Builds the teller desktop from the application's services: view-models, views, and the wiring
 * between them (a decision refreshes balances, the journal and the in-doubt list). The composition
 * root hands in {@link TellerServices}; tests build it the same way on a real ledger.
 */
public final class TellerDesktop {

  /** Optional panels of demonstration mode (timeline drawing, fault controls). */
  public interface Extras {
    /** The failure-timeline panel, or null. */
    default Node timelinePanel() {
      return null;
    }

    /** The demonstration panel, or null. */
    default Node demoPanel() {
      return null;
    }

    /** Writes the timeline as a PNG (asks where); no-op without a timeline. */
    default void exportTimeline() {}

    /** Called when the form starts a new transfer (the timeline clears). */
    default void newTransfer() {}

    /** Called once the desktop is built. */
    default void bind(TellerDesktop desktop) {}
  }

  private final ReplayTally replays = new ReplayTally();
  private final TellerServices services;
  private final TaskRunner tasks;
  private final TransferFormViewModel form;
  private final AccountsViewModel accounts;
  private final InDoubtViewModel inDoubt;
  private final MainViewModel mainVm;
  private final TransferFormView formView;
  private final AccountsView accountsView;
  private final MainView mainView;
  private final Extras extras;

  public TellerDesktop(
      TellerServices services, TaskRunner tasks, MainViewModel mainVm, Extras extras) {
    this.services = services;
    this.tasks = tasks;
    this.mainVm = mainVm;
    this.extras = extras == null ? new Extras() {} : extras;
    this.form = new TransferFormViewModel(services, tasks, replays);
    this.accounts = new AccountsViewModel(services, tasks, replays);
    this.inDoubt = new InDoubtViewModel(services, tasks, replays);
    form.addSettledListener(
        () -> {
          accounts.refresh();
          inDoubt.reload();
        });
    inDoubt.addSettledListener(accounts::refresh);

    formView = new TransferFormView(form);
    RetryPanelView retryView = new RetryPanelView(form.retry(), services.clock());
    accountsView = new AccountsView(accounts);
    InDoubtBannerView bannerView = new InDoubtBannerView(inDoubt);
    mainView =
        new MainView(
            mainVm,
            new MainView.Actions() {
              @Override
              public void newTransfer() {
                TellerDesktop.this.newTransfer();
              }

              @Override
              public void retryNow() {
                form.retryNow();
              }

              @Override
              public void stopRetrying() {
                form.stopRetrying();
              }

              @Override
              public void exportTimeline() {
                TellerDesktop.this.extras.exportTimeline();
              }

              @Override
              public void searchJournal() {
                Node n = accountsView.root().lookup("#journalSearch");
                if (n instanceof TextField tf) {
                  tf.requestFocus();
                }
              }

              @Override
              public void quit() {
                Stage s = (Stage) mainView.root().getScene().getWindow();
                s.close();
              }
            });
    mainView.place(
        bannerView.root(),
        formView.root(),
        retryView.root(),
        this.extras.timelinePanel(),
        accountsView.root(),
        this.extras.demoPanel());
    mainView.bindRetryCommands(form.retry().canRetryNowProperty(), form.retry().canStopProperty());
    this.extras.bind(this);
  }

  /** Clears the form for a new transfer with a new key, and puts the focus in From. */
  public void newTransfer() {
    form.newTransfer();
    extras.newTransfer();
    formView.focusFirstField();
  }

  public Parent root() {
    return mainView.root();
  }

  /** Puts the desktop into {@code stage} on the primary screen, remembering nothing. */
  public Scene attach(Stage stage) {
    javafx.geometry.Rectangle2D b = javafx.stage.Screen.getPrimary().getVisualBounds();
    return attach(
        stage,
        new WindowPlacement.Rect(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight()),
        WindowPlacement.Memory.NONE);
  }

  /**
   * Puts the desktop into {@code stage}: title with the database, scene, and the window where it
   * was left on {@code screen} (else maximised), never smaller than {@link WindowPlacement}'s
   * minimum; the window's state is remembered in {@code memory} when it closes.
   */
  public Scene attach(Stage stage, WindowPlacement.Rect screen, WindowPlacement.Memory memory) {
    WindowPlacement.State placed = WindowPlacement.decide(screen, memory.load());
    WindowPlacement.Rect b = placed.bounds();
    Scene scene = new Scene(root(), b.width(), b.height());
    stage.setTitle(mainVm.title());
    stage.setScene(scene);
    double[] min = WindowPlacement.minimumSize(screen);
    stage.setMinWidth(min[0]);
    stage.setMinHeight(min[1]);
    stage.setX(b.x());
    stage.setY(b.y());
    stage.setWidth(b.width());
    stage.setHeight(b.height());
    stage.setMaximized(placed.maximized());
    mainView.setDivider(placed.divider());
    WindowMemoryRecorder.install(stage, mainView, memory);
    return scene;
  }

  /** First reads: balances, journal, and the in-doubt list left by an earlier run. */
  public void start() {
    accounts.refresh();
    inDoubt.reload();
    formView.focusFirstField();
  }

  public TransferFormViewModel form() {
    return form;
  }

  public AccountsViewModel accounts() {
    return accounts;
  }

  public InDoubtViewModel inDoubt() {
    return inDoubt;
  }

  public MainView mainView() {
    return mainView;
  }

  public Extras extras() {
    return extras;
  }

  public TellerServices services() {
    return services;
  }

  public TaskRunner tasks() {
    return tasks;
  }
}
