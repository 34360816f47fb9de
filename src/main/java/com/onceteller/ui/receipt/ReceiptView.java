package com.onceteller.ui.receipt;

import com.onceteller.ui.FxmlView;
import javafx.fxml.FXML;
import javafx.print.PrinterJob;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The receipt as printed: the JavaFX printing API prints its text node; the PDF is saved too. */
public final class ReceiptView extends FxmlView {

  private final ReceiptViewModel vm;

  @FXML private VBox receiptPaper;
  @FXML private Label receiptText;
  @FXML private Button printAgainButton;
  @FXML private Label receiptMessage;

  public ReceiptView(ReceiptViewModel vm) {
    this.vm = vm;
  }

  @FXML
  private void initialize() {
    receiptText.textProperty().bind(vm.textProperty());
    receiptMessage.textProperty().bind(vm.messageProperty());
  }

  /** Wires the reprint of {@code reference}: a new copy, DUPLICATE. */
  public void reprintOf(String reference) {
    root();
    printAgainButton.setOnAction(e -> vm.issue(reference, this::print));
  }

  /** Sends the receipt to the default printer; without one (headless) the saved PDF stands. */
  public void print() {
    PrinterJob job = PrinterJob.createPrinterJob();
    if (job == null) {
      vm.printed("no printer here; the PDF is the receipt");
      return;
    }
    boolean ok = job.printPage(receiptPaper);
    if (ok) {
      job.endJob();
    }
    vm.printed(ok ? "printed" : "the printer refused it; the PDF is the receipt");
  }
}
