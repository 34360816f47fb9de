package com.onceteller.app;

import com.onceteller.domain.AccountSummary;
import com.onceteller.ledger.Database;
import com.onceteller.ledger.DatabaseSettings;
import com.onceteller.ledger.DemoData;
import com.onceteller.service.LedgerQueries;
import javafx.application.Application;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/** Minimal window listing the demo accounts; the teller desktop replaces it. */
public final class OnceTellerApp extends Application {

  private static volatile AppConfig config;
  private Database database;

  /**
   * Starts the JavaFX application with the launcher's decisions. Blocks until the window closes.
   */
  public static void launchWith(AppConfig appConfig, String... args) {
    config = appConfig;
    Application.launch(OnceTellerApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    database = Database.open(DatabaseSettings.h2File(config.databaseFile()));
    DemoData.installIfEmpty(database);
    TableView<AccountSummary> table = new TableView<>();
    table.getColumns().add(column("Account", AccountSummary::prettyNumber));
    table.getColumns().add(column("Holder", AccountSummary::holder));
    table.getColumns().add(column("Balance", a -> a.balance().format()));
    table.getItems().setAll(new LedgerQueries(database).accounts());
    stage.setTitle("OnceTeller");
    stage.setScene(new Scene(table, 720, 420));
    stage.show();
  }

  private static TableColumn<AccountSummary, String> column(
      String title, java.util.function.Function<AccountSummary, String> f) {
    TableColumn<AccountSummary, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cd -> new SimpleStringProperty(f.apply(cd.getValue())));
    return c;
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
  }
}
