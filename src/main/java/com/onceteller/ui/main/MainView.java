package com.onceteller.ui.main;

import com.onceteller.ui.FxmlView;
import com.onceteller.ui.Styles;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
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
  @FXML private javafx.scene.control.CheckMenuItem demoModeItem;

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

  public void selectTab(String id) {
    for (Tab t : mainTabs.getTabs()) {
      if (id.equals(t.getId())) {
        mainTabs.getSelectionModel().select(t);
      }
    }
  }

  @FXML
  private void initialize() {
    demoBadge.setVisible(vm.demoMode());
    demoBadge.setManaged(vm.demoMode());
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
    keysItem.setOnAction(e -> info("Keyboard shortcuts", MainViewModel.KEYBOARD_MAP));
    aboutItem.setOnAction(e -> info("About OnceTeller", vm.aboutText()));
    demoModeItem.setVisible(vm.demoModeSwitchable());
    demoModeItem.setSelected(vm.demoAtNextStartProperty().get());
    vm.demoAtNextStartProperty().addListener((o, was, now) -> demoModeItem.setSelected(now));
    demoModeItem.setOnAction(e -> vm.chooseDemoModeForNextStart(demoModeItem.isSelected()));
    databaseLabel
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () ->
                    vm.databaseLabel()
                        + (vm.settingMessageProperty().get().isEmpty()
                            ? ""
                            : "  —  " + vm.settingMessageProperty().get()),
                vm.settingMessageProperty()));
  }

  private void info(String title, String text) {
    Alert a = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.OK);
    a.setTitle(title);
    a.setHeaderText(title);
    TextArea area = new TextArea(text);
    area.setEditable(false);
    area.setWrapText(true);
    area.setPrefRowCount(12);
    a.getDialogPane().setContent(area);
    a.getDialogPane()
        .getStylesheets()
        .add(MainView.class.getResource(Styles.STYLESHEET).toExternalForm());
    if (root().getScene() != null) {
      a.initOwner(root().getScene().getWindow());
    }
    a.show();
  }
}
