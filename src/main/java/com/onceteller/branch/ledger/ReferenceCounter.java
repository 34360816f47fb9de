package com.onceteller.branch.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The counter that numbers transfers (T-000123). A row updated inside the posting transaction, so a
 * reference exists if and only if its transfer committed: references are consecutive, across
 * restarts too, and a rolled-back posting uses no number.
 *
 * <p>The caller loads it with a pessimistic write lock (select … for update), which makes every
 * posting wait for the one before it to commit. (A new posting on PostgreSQL takes the same row
 * lock with {@code update … returning}, as the first part of the one statement that writes its
 * tail: {@link PostgresPostingTail}.) On H2 postings are serialised in the service anyway; on
 * PostgreSQL this is the price of gapless numbering (a sequence would not wait, but leaves a gap
 * for every rollback). See docs/engine.md.
 */
@Entity
@Table(name = "reference_counter")
public class ReferenceCounter {

  /** The one counter row (V5). */
  public static final String TRANSFERS = "transfer";

  private static final Pattern REFERENCE = Pattern.compile("^T-([0-9]{6,14})$");

  @Id
  @Column(name = "name", length = 32)
  private String name;

  /** The number of the last reference handed out. */
  @Column(name = "last_value", nullable = false)
  private long lastValue;

  protected ReferenceCounter() {}

  /** The next reference, one above the last. */
  public String next() {
    lastValue = Math.addExact(lastValue, 1);
    return format(lastValue);
  }

  /**
   * Makes sure no later reference repeats {@code reference}, one the ledger is given back (a
   * restored posting keeps the reference the teller was told). The counter never goes down.
   */
  public void cover(String reference) {
    OptionalLong n = number(reference);
    if (n.isPresent() && n.getAsLong() > lastValue) {
      lastValue = n.getAsLong();
    }
  }

  public long lastValue() {
    return lastValue;
  }

  /** T- and the number, zero-padded to at least six digits (not String.format: every posting). */
  public static String format(long number) {
    if (number < 0) {
      return String.format(Locale.ROOT, "T-%06d", number);
    }
    String digits = Long.toString(number);
    return digits.length() >= 6
        ? "T-" + digits
        : "T-" + "000000".substring(digits.length()) + digits;
  }

  /** The number of a reference in this ledger's form (T- and 6 to 14 digits), or empty. */
  public static OptionalLong number(String reference) {
    if (reference == null) {
      return OptionalLong.empty();
    }
    var m = REFERENCE.matcher(reference);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long n = Long.parseLong(m.group(1));
    return n > 0 ? OptionalLong.of(n) : OptionalLong.empty();
  }
}
