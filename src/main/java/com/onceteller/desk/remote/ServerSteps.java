package com.onceteller.desk.remote;

import com.onceteller.desk.client.Envelope;
import com.onceteller.domain.TransferOutcome;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the branch server says it did for one attempt, from its {@code Server-Timing} header (claim,
 * decide, commit, sync, replay, total; milliseconds), so the desk's failure timeline can draw the
 * Service and Database lanes from the server's own account rather than leave them empty.
 */
public record ServerSteps(Envelope attempt, Map<String, Double> millis, TransferOutcome outcome) {

  public ServerSteps {
    millis = Map.copyOf(millis);
  }

  /** Receives the steps of every answered attempt (the composition root draws them). */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = s -> {};

    void answered(ServerSteps steps);
  }

  /**
   * Parses {@code claim;dur=0.412, decide;dur=1.031, …}; unknown or malformed parts are skipped.
   */
  public static Map<String, Double> parse(String header) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (header == null) {
      return m;
    }
    for (String metric : header.split(",")) {
      String[] parts = metric.trim().split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("dur=")) {
          try {
            m.put(name, Double.parseDouble(p.substring(4)));
          } catch (NumberFormatException e) {
            // a metric we cannot read is left out, never fatal for the answer
          }
        }
      }
    }
    return m;
  }
}
