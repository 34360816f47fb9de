package com.onceteller.demo;

/**
 * The service "process" dying mid-transaction. An {@link Error}, so that the service does not turn
 * it into an answer: like a real crash, the client gets no response and the transaction is rolled
 * back.
 */
public final class SimulatedCrash extends Error {
  private static final long serialVersionUID = 1L;

  public SimulatedCrash() {
    super("simulated crash after postings were written, before commit");
  }
}
