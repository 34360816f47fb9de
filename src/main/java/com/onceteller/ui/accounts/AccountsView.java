package com.onceteller.ui.accounts;

import com.onceteller.domain.AccountSummary;
import com.onceteller.ui.FxmlView;
import com.onceteller.ui.Styles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

/** Binds the accounts table and the journal. */
public final class AccountsView extends FxmlView {

  private final AccountsViewModel vm;

  @FXML private TableView<AccountSummary> accountsTable;
  @FXML private TableColumn<AccountSummary, String> acctNumberColumn;
  @FXML private TableColumn<AccountSummary, String> acctHolderColumn;
  @FXML private TableColumn<AccountSummary, String> acctStatusColumn;
  @FXML private TableColumn<AccountSummary, String> acctBalanceColumn;
  @FXML private Label totalsLabel;
  @FXML private TextField journalSearch;
  @FXML private TableView<JournalRow> journalTable;
  @FXML private TableColumn<JournalRow, String> jRefColumn;
  @FXML private TableColumn<JournalRow, String> jKeyColumn;
  @FXML private TableColumn<JournalRow, String> jTimeColumn;
  @FXML private TableColumn<JournalRow, String> jFromColumn;
  @FXML private TableColumn<JournalRow, String> jToColumn;
  @FXML private TableColumn<JournalRow, String> jAmountColumn;
  @FXML private TableColumn<JournalRow, String> jStatusColumn;
  @FXML private TableColumn<JournalRow, Number> jAttemptsColumn;
  @FXML private TableColumn<JournalRow, Number> jReplaysColumn;
  @FXML private Label accountsProblem;

  public AccountsView(AccountsViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    accountsTable.setItems(vm.accounts());
    col(acctNumberColumn, AccountSummary::prettyNumber);
    col(acctHolderColumn, AccountSummary::holder);
    col(acctStatusColumn, a -> a.status().name());
    col(acctBalanceColumn, a -> a.balance().format());
    totalsLabel.textProperty().bind(vm.totalsProperty());
    journalSearch.textProperty().bindBidirectional(vm.searchProperty());
    journalTable.setItems(vm.journal());
    journalTable.setPlaceholder(new Label("No transfer today yet"));
    col(jRefColumn, JournalRow::reference);
    col(jKeyColumn, JournalRow::key);
    col(jTimeColumn, JournalRow::time);
    holderColumn(jFromColumn, JournalRow::from, JournalRow::fromNumber);
    holderColumn(jToColumn, JournalRow::to, JournalRow::toNumber);
    col(jAmountColumn, JournalRow::amount);
    col(jStatusColumn, JournalRow::status);
    jAttemptsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().attempts()));
    jReplaysColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().replays()));
    journalTable.setRowFactory(
        tv ->
            new TableRow<>() {
              @Override
              protected void updateItem(JournalRow r, boolean empty) {
                super.updateItem(r, empty);
                String wanted =
                    empty || r == null
                        ? null
                        : switch (r.status()) {
                          case "Posted" -> Styles.ROW_POSTED;
                          case "In doubt" -> Styles.ROW_IN_DOUBT;
                          default -> Styles.ROW_REJECTED;
                        };
                // Touch the style classes only when they change: each change re-applies CSS to
                // the row and its cells, and every refresh after a decision updates every row.
                var classes = getStyleClass();
                for (String c : ROW_CLASSES) {
                  if (!c.equals(wanted) && classes.contains(c)) {
                    classes.remove(c);
                  }
                }
                if (wanted != null && !classes.contains(wanted)) {
                  classes.add(wanted);
                }
              }
            });
    accountsProblem.textProperty().bind(vm.problemProperty());
  }

  /** A holder's name, with the account number in the tooltip (a deleted holder: the number). */
  private static void holderColumn(
      TableColumn<JournalRow, String> c,
      Function<JournalRow, String> holder,
      Function<JournalRow, String> number) {
    c.setCellValueFactory(
        cd -> {
          String h = holder.apply(cd.getValue());
          return new ReadOnlyObjectWrapper<>(h.isEmpty() ? number.apply(cd.getValue()) : h);
        });
    c.setCellFactory(
        col ->
            new javafx.scene.control.TableCell<>() {
              // One tooltip per cell, its text updated: a new one per update costs a CSS pass.
              private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

              @Override
              protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                JournalRow r = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (r == null) {
                  setTooltip(null);
                } else {
                  tip.setText(number.apply(r));
                  if (getTooltip() != tip) {
                    setTooltip(tip);
                  }
                }
              }
            });
  }

  private static final List<String> ROW_CLASSES =
      List.of(Styles.ROW_POSTED, Styles.ROW_REJECTED, Styles.ROW_IN_DOUBT);

  private static <S> void col(TableColumn<S, String> c, Function<S, String> f) {
    c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
  }
}
