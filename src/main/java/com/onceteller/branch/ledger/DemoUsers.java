package com.onceteller.branch.ledger;

import com.onceteller.domain.Role;
import java.time.Instant;
import java.util.List;

/**
 * The users of a demonstration ledger, one or two per role. Their passwords are public (the sign-on
 * screen shows them in demo mode), so they are installed only into demo ledgers, never into a real
 * one, which starts by asking for its first administrator. The Argon2id hashes are computed once
 * (with {@code PasswordHasher}, same parameters) and kept here, so that creating a demo ledger
 * costs no hashing.
 */
public final class DemoUsers {

  /** One demo user with its public password and that password's Argon2id hash. */
  public record DemoUser(
      String userId, String displayName, Role role, String password, String hash) {}

  public static final List<DemoUser> USERS =
      List.of(
          new DemoUser(
              "anna",
              "Anna Berger",
              Role.TELLER,
              "anna-teller-1",
              "$argon2id$v=19$m=19456,t=2,p=1$lau6xTGwQrQMUu7Rm0tJkw$IbIKwL/h9kit6O56vWzq4LjOwr6B6lAW579BT97b2oM"),
          new DemoUser(
              "ben",
              "Ben Adler",
              Role.TELLER,
              "ben-teller-22",
              "$argon2id$v=19$m=19456,t=2,p=1$4UF8YytU4tyglxIVDK7QlQ$3kX0v5rSFT6Q0K16GuOp4d/YR9fKM9IaKrzQ2S/fwoI"),
          new DemoUser(
              "sara",
              "Sara Lindqvist",
              Role.SUPERVISOR,
              "sara-super-333",
              "$argon2id$v=19$m=19456,t=2,p=1$aTy10ijDV4sRbQwt49+wng$Rpo1qRZpHvauBjsH5JmBu7IowZS8ciBEMZD31H48eyE"),
          new DemoUser(
              "omar",
              "Omar Haddad",
              Role.AUDITOR,
              "omar-audit-44",
              "$argon2id$v=19$m=19456,t=2,p=1$lHL3X+kDv6uuIaG9eG+K0Q$G9ryKrYv26QRvhvq0+ONAua28k2TZgY8LnftMU6OtEI"),
          new DemoUser(
              "ida",
              "Ida Novak",
              Role.ADMINISTRATOR,
              "ida-admin-555",
              "$argon2id$v=19$m=19456,t=2,p=1$qCRQzBleRo4FlK/f7S0d9A$wXk0ElX3F3Nrfl9YURhulCMz+qGKq+5EzlxZQe3a1co"));

  private DemoUsers() {}

  /** The demo user with this id. */
  public static DemoUser get(String userId) {
    return USERS.stream().filter(u -> u.userId().equals(userId)).findFirst().orElseThrow();
  }

  /**
   * Installs the demo users if the ledger has no users at all. Returns true if it did. Only for a
   * demonstration ledger (the passwords are public).
   */
  public static boolean installIfNoUsers(Database db) {
    return db.sessionFactory()
        .fromTransaction(
            session -> {
              Long count =
                  session
                      .createSelectionQuery("select count(u) from AppUser u", Long.class)
                      .getSingleResult();
              if (count > 0) {
                return false;
              }
              Instant now = Instant.now();
              for (DemoUser u : USERS) {
                session.persist(
                    new AppUser(u.userId(), u.displayName(), u.role(), u.hash(), "demo", now));
              }
              return true;
            });
  }
}
