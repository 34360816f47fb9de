package com.onceteller.demo;

/** The scripted demonstrations, each one click in the demo panel or one command line. */
public enum Scenario {
  REQUEST_LOST("request-lost", "The request is lost before it reaches the service"),
  CRASH_ROLLED_BACK("crash", "The service crashes after writing the postings, before commit"),
  RESPONSE_LOST("response-lost", "The transfer commits, then the response is lost"),
  DOUBLE_CLICK("double-click", "The same transfer is sent twice at once"),
  SLOW_RETRY_RACE("slow-retry", "A retry races a slow first attempt that is still running"),
  KEY_REUSED("key-reused", "The same key is sent again with a changed amount"),
  INSUFFICIENT_FUNDS("insufficient-funds", "A transfer larger than the balance");

  private final String cliName;
  private final String description;

  Scenario(String cliName, String description) {
    this.cliName = cliName;
    this.description = description;
  }

  public String cliName() {
    return cliName;
  }

  public String description() {
    return description;
  }

  /** Finds a scenario by its command-line name ("response-lost") or enum name. */
  public static Scenario byName(String name) {
    for (Scenario s : values()) {
      if (s.cliName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("Unknown scenario \"" + name + "\"; known: " + names());
  }

  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (Scenario s : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(s.cliName);
    }
    return sb.toString();
  }
}
