package com.onceteller.ui.main;

import com.onceteller.ui.FxmlView;
import com.onceteller.ui.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The main window's frame: menu with accelerators, header with the open database and the DEMO
 * badge, the in-doubt banner, the form column and the tabs. Panels are built elsewhere and placed
 * here; this view only arranges and binds.
 */
public final class MainView extends FxmlView {

  /** What the window's menu items do. */
  public interface Actions {
    void newTransfer();

    void retryNow();

    void stopRetrying();

    void exportTimeline();

    void searchJournal();

    void quit();
  }

  private final MainViewModel vm;
  private final Actions actions;

  @FXML private BorderPane mainRoot;
  @FXML private VBox bannerHolder;
  @FXML private SplitPane split;
  @FXML private ScrollPane leftScroll;
  @FXML private VBox leftColumn;
  @FXML private TabPane mainTabs;
  @FXML private Tab timelineTab;
  @FXML private Tab accountsTab;
  @FXML private Tab demoTab;
  @FXML private Label demoBadge;
  @FXML private Label databaseLabel;
  @FXML private MenuItem newTransferItem;
  @FXML private MenuItem retryNowItem;
  @FXML private MenuItem stopRetryingItem;
  @FXML private MenuItem quitItem;
  @FXML private MenuItem showTimelineItem;
  @FXML private MenuItem showAccountsItem;
  @FXML private MenuItem showDemoItem;
  @FXML private MenuItem searchJournalItem;
  @FXML private MenuItem exportTimelineItem;
  @FXML private MenuItem keysItem;
  @FXML private MenuItem aboutItem;
  @FXML private CheckMenuItem demoModeItem;

  public MainView(MainViewModel vm, Actions actions) {
    this.vm = vm;
    this.actions = actions;
  }

  @Override
  protected void loaded(Parent root) {
    root.getStylesheets().add(MainView.class.getResource(Styles.STYLESHEET).toExternalForm());
  }

  /** Places the panels. {@code timeline} and {@code demo} may be null (no tab then). */
  public void place(Node banner, Node form, Node retry, Node timeline, Node accounts, Node demo) {
    root();
    bannerHolder.getChildren().setAll(banner);
    leftColumn.getChildren().setAll(form, retry);
    VBox.setVgrow(retry, Priority.ALWAYS);
    accountsTab.setContent(accounts);
    if (timeline == null) {
      mainTabs.getTabs().remove(timelineTab);
      showTimelineItem.setDisable(true);
      exportTimelineItem.setDisable(true);
    } else {
      timelineTab.setContent(timeline);
    }
    if (demo == null || !vm.demoMode()) {
      mainTabs.getTabs().remove(demoTab);
      showDemoItem.setDisable(true);
    } else {
      demoTab.setContent(demo);
    }
  }

  /** Retry and stop in the menu apply exactly when the retry panel's buttons do. */
  public void bindRetryCommands(ObservableBooleanValue canRetry, ObservableBooleanValue canStop) {
    retryNowItem.disableProperty().bind(Bindings.not(canRetry));
    stopRetryingItem.disableProperty().bind(Bindings.not(canStop));
  }

  public void selectTab(String id) {
    for (Tab t : mainTabs.getTabs()) {
      if (id.equals(t.getId())) {
        mainTabs.getSelectionModel().select(t);
      }
    }
  }

  /** Share of the width the form column has. */
  public double divider() {
    return split.getDividerPositions().length == 0 ? 0.4 : split.getDividerPositions()[0];
  }

  public void setDivider(double position) {
    split.setDividerPositions(position);
  }

  @FXML
  private void initialize() {
    demoBadge.setVisible(vm.demoMode());
    demoBadge.setManaged(vm.demoMode());
    // Extra width goes to the timeline; the form column keeps a readable width.
    SplitPane.setResizableWithParent(leftScroll, false);
    newTransferItem.setOnAction(e -> actions.newTransfer());
    retryNowItem.setOnAction(e -> actions.retryNow());
    stopRetryingItem.setOnAction(e -> actions.stopRetrying());
    quitItem.setOnAction(e -> actions.quit());
    showTimelineItem.setOnAction(e -> mainTabs.getSelectionModel().select(timelineTab));
    showAccountsItem.setOnAction(e -> mainTabs.getSelectionModel().select(accountsTab));
    showDemoItem.setOnAction(e -> mainTabs.getSelectionModel().select(demoTab));
    searchJournalItem.setOnAction(
        e -> {
          mainTabs.getSelectionModel().select(accountsTab);
          actions.searchJournal();
        });
    exportTimelineItem.setOnAction(e -> actions.exportTimeline());
    keysItem.setOnAction(e -> table("Keyboard shortcuts", "keysDialog", MainViewModel.SHORTCUTS));
    aboutItem.setOnAction(e -> table("About OnceTeller", "aboutDialog", vm.aboutRows()));
    demoModeItem.setVisible(vm.demoModeSwitchable());
    demoModeItem.setSelected(vm.demoAtNextStartProperty().get());
    vm.demoAtNextStartProperty().addListener((o, was, now) -> demoModeItem.setSelected(now));
    demoModeItem.setOnAction(e -> vm.chooseDemoModeForNextStart(demoModeItem.isSelected()));
    databaseLabel.setTooltip(new javafx.scene.control.Tooltip(vm.databasePath()));
    databaseLabel
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.databaseLabel()
                        + (vm.settingMessageProperty().get().isEmpty()
                            ? ""
                            : "  —  " + vm.settingMessageProperty().get()),
                vm.settingMessageProperty()));
  }

  /** A two-column dialog (keys and actions, or About's facts), sized to what it shows. */
  private void table(String title, String id, List<MainViewModel.Shortcut> rows) {
    GridPane grid = new GridPane();
    grid.setId(id + "Table");
    grid.setHgap(18);
    grid.setVgap(6);
    grid.setPadding(new Insets(4, 8, 4, 8));
    ColumnConstraints keys = new ColumnConstraints();
    keys.setMinWidth(Region.USE_PREF_SIZE);
    ColumnConstraints text = new ColumnConstraints();
    text.setMaxWidth(460);
    text.setHgrow(Priority.ALWAYS);
    grid.getColumnConstraints().setAll(keys, text);
    for (int i = 0; i < rows.size(); i++) {
      Label k = new Label(rows.get(i).keys());
      k.getStyleClass().add("shortcut-keys");
      Label v = new Label(rows.get(i).action());
      v.setWrapText(true);
      grid.addRow(i, k, v);
    }
    Alert a = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
    a.setTitle(title);
    a.setHeaderText(title);
    a.getDialogPane().setId(id);
    a.getDialogPane().setContent(grid);
    a.getDialogPane()
        .getStylesheets()
        .add(MainView.class.getResource(Styles.STYLESHEET).toExternalForm());
    a.setResizable(true);
    if (root().getScene() != null) {
      a.initOwner(root().getScene().getWindow());
    }
    a.show();
  }
}
