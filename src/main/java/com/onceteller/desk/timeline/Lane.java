package com.onceteller.desk.timeline;

/** The swimlanes of the failure timeline, in the order a request crosses them. */
public enum Lane {
  TELLER("Teller"),
  NETWORK("Network"),
  SERVICE("Service"),
  DATABASE("Database");

  private final String label;

  Lane(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
