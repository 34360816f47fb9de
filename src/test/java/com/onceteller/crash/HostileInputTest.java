package com.onceteller.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.MoneyParser;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated hostile input through {@link TransferService#submit(String, TransferRequest)} and
 * {@link MoneyParser}: every one gets an Invalid (or a parse error) with a message, nothing is
 * stored, and the ledger is unchanged. Seeded; prints the seed and the count.
 */
class HostileInputTest {

  @TempDir Path dir;

  private static final String LONG_MEMO = "x".repeat(10_000);

  /** Values that are wrong for an account field, each for a different reason. */
  private static final List<String> BAD_ACCOUNTS =
      List.of(
          "",
          "   ",
          "DE00",
          "DE89370400440532013001", // wrong check digits
          "DE89 3704 0044 0532 0130 00 00 00 00 00 00 00 00 00",
          "'; DROP TABLE account; --",
          "DE' OR '1'='1",
          "\u202EDE89370400440532013000",
          "DE89370400440532013000\u0000",
          "<script>alert(1)</script>",
          "X".repeat(35),
          "Y".repeat(10_000),
          "\u200FDE71200411110987654321",
          "GB82WEST12345698765432", // well formed, not in this ledger
          "١٢٣٤٥٦٧٨٩");

  private static final long[] BAD_AMOUNTS = {
    0, -1, -100, Long.MIN_VALUE, Long.MAX_VALUE, 100_000_000_001L, Long.MAX_VALUE - 1
  };

  private static final List<String> BAD_CURRENCIES =
      List.of("", "EU", "EURO", "€", "E1R", "US D", "'--", "\u0000\u0000\u0000");

  private static final List<String> BAD_MEMOS =
      List.of(
          LONG_MEMO,
          "x".repeat(141),
          "Rent\u0000",
          "Rent\nDROP TABLE transfer",
          "Rent\t",
          " Rent",
          "Rent\u202Eevil",
          "\u200Fright-to-left mark",
          "\u200Bzero width",
          "'; DELETE FROM journal_entry; --",
          "Robert\"); DROP TABLE account;--",
          "1=1",
          "a<b>",
          "\uD83D\uDCB0 money bag",
          "\u0007bell");

  private static final List<String> BAD_KEYS =
      List.of(
          "",
          " ",
          "abc",
          "not-a-uuid-not-a-uuid-not-a-uuid-123",
          "0190f1c2-7a3b-1cde-8f01-23456789abcd", // version 1
          "0190f1c2-7a3b-7cde-cf01-23456789abcd", // wrong variant
          "0190f1c2-7a3b-7cde-8f01-23456789abcd0",
          "0190f1c27a3b7cde8f0123456789abcd",
          "{0190f1c2-7a3b-7cde-8f01-23456789abcd}",
          "0190f1c2-7a3b-7cde-8f01-23456789abc\u0000",
          "'; DROP TABLE idempotency_record; --",
          "\u202E0190f1c2-7a3b-7cde-8f01-23456789abc",
          "0".repeat(10_000),
          "0190f1c2-7a3b-7cde-8f01-23456789abcg");

  private static final List<String> BAD_AMOUNT_TEXTS =
      List.of(
          "",
          " ",
          "0",
          "0.00",
          "-5",
          "+5",
          "5-",
          "1.234",
          "0.001",
          "12.345,678",
          "1e5",
          "1E-2",
          "2.5e3",
          "NaN",
          "Infinity",
          "0x10",
          "abc",
          "1,2,3",
          "92233720368547758.08",
          "92233720368547758.07",
          "99999999999999999999999999",
          "1 000 000 000 000 000",
          "1000000000.01",
          "١٢٣",
          "1\u00002",
          "12\u202E34",
          "'; DROP TABLE account; --",
          "9".repeat(10_000));

  @Test
  void generatedHostileInputIsRefusedWithAMessageAndLeavesTheLedgerUnchanged() throws Exception {
    long seed = Long.getLong("hostile.seed", System.nanoTime());
    System.out.println("HostileInputTest seed " + seed);
    Random random = new Random(seed);
    try (TestLedger ledger = TestLedger.open(dir)) {
      List<AccountSummary> before = ledger.queries.accounts();
      TransferService service = new TransferService(ledger.database);
      String from = TestLedger.number(0);
      String to = TestLedger.number(1);
      int serviceInputs = 0;
      List<String> failures = new ArrayList<>();

      // 1. Bad keys with an otherwise valid request.
      for (String key : BAD_KEYS) {
        serviceInputs++;
        check(
            failures,
            "key " + abbreviate(key),
            service.submit(TestActors.TELLER, key, valid(from, to)));
      }
      serviceInputs++;
      check(
          failures, "null key", service.submit(TestActors.TELLER, (String) null, valid(from, to)));
      // 2. A null request, and requests with every field null.
      serviceInputs++;
      check(failures, "null request", service.submit(TestActors.TELLER, freshKey(), null));
      serviceInputs++;
      check(
          failures,
          "all null",
          service.submit(
              TestActors.TELLER, freshKey(), new TransferRequest(null, null, 0, null, null)));
      // 3. Generated: a valid request with one to three fields replaced by a bad value.
      while (serviceInputs < 1_100) {
        String f = from;
        String t = to;
        long amount = 1 + random.nextInt(10_000);
        String currency = "EUR";
        String memo = "Rent";
        int bad = 1 + random.nextInt(3);
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < bad; i++) {
          switch (random.nextInt(6)) {
            case 0 -> {
              f = pick(random, BAD_ACCOUNTS);
              what.append(" from=").append(abbreviate(f));
            }
            case 1 -> {
              t = pick(random, BAD_ACCOUNTS);
              what.append(" to=").append(abbreviate(t));
            }
            case 2 -> {
              amount = BAD_AMOUNTS[random.nextInt(BAD_AMOUNTS.length)];
              what.append(" amount=").append(amount);
            }
            case 3 -> {
              currency = random.nextInt(8) == 0 ? null : pick(random, BAD_CURRENCIES);
              what.append(" currency=").append(abbreviate(currency));
            }
            case 4 -> {
              memo = pick(random, BAD_MEMOS);
              what.append(" memo=").append(abbreviate(memo));
            }
            default -> {
              t = f; // same account on both sides
              what.append(" same accounts");
            }
          }
        }
        serviceInputs++;
        check(
            failures,
            what.toString(),
            service.submit(
                TestActors.TELLER, freshKey(), new TransferRequest(f, t, amount, currency, memo)));
      }

      // 4. Amount text through the form's parser, for each currency the ledger holds.
      int parserInputs = 0;
      for (String currency : new String[] {"EUR", "USD"}) {
        for (String text : BAD_AMOUNT_TEXTS) {
          parserInputs++;
          MoneyParser.Result r = MoneyParser.parse(text, currency);
          if (r.ok() || r.error() == null || r.error().isBlank()) {
            failures.add("amount text " + abbreviate(text) + " was accepted: " + r);
          }
        }
      }
      for (int i = 0; i < 200; i++) {
        String text = generatedBadAmountText(random);
        parserInputs++;
        MoneyParser.Result r = MoneyParser.parse(text, "EUR");
        if (r.ok() || r.error() == null || r.error().isBlank()) {
          failures.add("amount text " + abbreviate(text) + " was accepted: " + r);
        }
      }
      parserInputs++;
      MoneyParser.Result nullText = MoneyParser.parse(null, "EUR");
      if (nullText.ok()) {
        failures.add("null amount text was accepted");
      }

      int total = serviceInputs + parserInputs;
      System.out.printf(
          "hostile inputs: %d through TransferService.submit, %d through MoneyParser, %d in all;"
              + " %d not refused%n",
          serviceInputs, parserInputs, total, failures.size());
      assertThat(failures).as("seed %d", seed).isEmpty();
      assertThat(total).isGreaterThanOrEqualTo(1_000);

      assertThat(ledger.queries.accounts()).as("balances unchanged").isEqualTo(before);
      try (Connection c = ledger.database.dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select (select count(*) from transfer), (select count(*) from journal_entry),"
                      + " (select count(*) from idempotency_record)")) {
        rs.next();
        assertThat(rs.getInt(1)).as("transfers stored").isZero();
        assertThat(rs.getInt(2)).as("journal entries stored").isZero();
        assertThat(rs.getInt(3)).as("keys stored").isZero();
      }
    }
  }

  /** Over-precise, scientific, signed, oversized or garbled amounts, generated. */
  private static String generatedBadAmountText(Random r) {
    long n = 1 + r.nextInt(1_000_000);
    return switch (r.nextInt(7)) {
      case 0 -> n + "." + String.format("%02d", r.nextInt(100)) + (1 + r.nextInt(9)); // 3 decimals
      case 1 -> n + "e" + r.nextInt(20);
      case 2 -> "-" + n;
      case 3 -> n + "9".repeat(12 + r.nextInt(30)); // beyond the limit and Long.MAX_VALUE
      case 4 -> n + "." + r.nextInt(100) + "." + r.nextInt(100);
      case 5 -> n + "\u0000" + r.nextInt(10);
      default -> "0." + "0".repeat(2 + r.nextInt(5)) + (1 + r.nextInt(9));
    };
  }

  private static void check(List<String> failures, String input, TransferOutcome o) {
    if (!(o instanceof TransferOutcome.Invalid invalid)) {
      failures.add(input + " -> " + o);
      return;
    }
    if (invalid.errors().isEmpty()
        || invalid.errors().stream().anyMatch(e -> e.message() == null || e.message().isBlank())) {
      failures.add(input + " -> Invalid without a message");
    }
  }

  private static TransferRequest valid(String from, String to) {
    return new TransferRequest(from, to, 100, "EUR", "Rent");
  }

  private static String freshKey() {
    return UUID.randomUUID().toString();
  }

  private static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    String shown = s.length() > 30 ? s.substring(0, 30) + "…(" + s.length() + ")" : s;
    StringBuilder sb = new StringBuilder();
    shown
        .codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                sb.append(String.format("\\u%04X", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.toString();
  }
}
