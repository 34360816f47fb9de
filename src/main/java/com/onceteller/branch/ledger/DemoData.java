package com.onceteller.branch.ledger;

import com.onceteller.domain.AccountNumbers;
import com.onceteller.domain.AccountStatus;
import java.time.Instant;
import java.util.List;
import org.hibernate.Session;

/**
 * The demo data set: a dozen accounts with realistic holders, in EUR and USD, including a frozen, a
 * closed and an almost empty account so that every rejection can be shown.
 */
public final class DemoData {

  /** One demo account, opening balance in minor units. */
  public record DemoAccount(
      String number, String holder, String currency, long balanceMinor, AccountStatus status) {}

  public static final List<DemoAccount> ACCOUNTS =
      List.of(
          eur("37040044", "0532013000", "Amelie Hartmann", 1_250_000, AccountStatus.OPEN),
          eur("50010517", "5407324931", "Jonas Weber", 482_350, AccountStatus.OPEN),
          eur("10020030", "0001234567", "Café Morgenrot GmbH", 3_905_120, AccountStatus.OPEN),
          eur("20041111", "0987654321", "Leonie Fischer", 12_500, AccountStatus.OPEN),
          eur("70020270", "0015544332", "Mehmet Yılmaz", 2_210_075, AccountStatus.OPEN),
          eur("43060967", "4455667788", "Sofia Romano", 75_000, AccountStatus.FROZEN),
          eur("60050101", "7788990011", "Bäckerei Schulz OHG", 640_990, AccountStatus.OPEN),
          eur("76010085", "1122334455", "Henrik Larsen", 0, AccountStatus.CLOSED),
          usd("021000021", "12345678901", "Grace Okafor", 980_000, AccountStatus.OPEN),
          usd("026009593", "55566677788", "Daniel Kim", 154_275, AccountStatus.OPEN),
          usd(
              "121000248",
              "99988877766",
              "Harbor Lights Trading LLC",
              7_420_000,
              AccountStatus.OPEN),
          usd("011000138", "44433322211", "Maria Gonzalez", 3_150, AccountStatus.OPEN));

  private DemoData() {}

  private static DemoAccount eur(
      String blz, String acct, String holder, long minor, AccountStatus st) {
    return new DemoAccount(
        AccountNumbers.withCheckDigits("DE", blz + acct), holder, "EUR", minor, st);
  }

  private static DemoAccount usd(
      String routing, String acct, String holder, long minor, AccountStatus st) {
    // US accounts have no IBAN; the bank keeps them in an IBAN-shaped internal form (country "US").
    return new DemoAccount(
        AccountNumbers.withCheckDigits("US", routing + acct), holder, "USD", minor, st);
  }

  /** Creates the demo accounts if the ledger has no accounts yet. Returns true if it did. */
  public static boolean installIfEmpty(Database db) {
    return db.sessionFactory()
        .fromTransaction(
            session -> {
              Long count =
                  session
                      .createSelectionQuery("select count(a) from Account a", Long.class)
                      .getSingleResult();
              if (count > 0) {
                return false;
              }
              install(session, Instant.now());
              return true;
            });
  }

  private static void install(Session session, Instant now) {
    for (DemoAccount a : ACCOUNTS) {
      session.persist(
          new Account(a.number(), a.holder(), a.currency(), a.balanceMinor(), a.status(), now));
    }
  }
}
