package com.onceteller.branch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.TestLedger;
import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.SignOnResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-on with Argon2id hashes, the lockout after five failures that only a supervisor or an
 * administrator lifts, refusals that never tell whether a user exists, the first administrator of a
 * real ledger, and user administration; each step's audit row is asserted.
 */
class IdentityServiceTest extends SharedLedgerTest {

  static IdentityService identity() {
    return new IdentityService(ledger.database, Clock.systemUTC());
  }

  @Test
  void aDemoUserSignsOnWithTheirPasswordAndTheSignOnIsAudited() {
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    SignOnResult r = identity().signOn(" Anna ", TestActors.password(TestActors.TELLER), "desk-7");

    assertThat(r)
        .isInstanceOfSatisfying(
            SignOnResult.SignedOn.class,
            s -> {
              assertThat(s.actor()).isEqualTo(new Actor("anna", Role.TELLER, "desk-7"));
              assertThat(s.displayName()).isEqualTo("Anna Berger");
            });
    assertThat(audit.since(mark))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.type()).isEqualTo(AuditEventType.SIGN_ON);
              assertThat(row.success()).isTrue();
              assertThat(row.userId()).isEqualTo("anna");
              assertThat(row.workstation()).isEqualTo("desk-7");
            });
  }

  @Test
  void aWrongPasswordAnUnknownUserAndALockedUserGetTheSameMessage() {
    IdentityService id = identity();
    SignOnResult wrong = id.signOn("ben", "not-his-password-1".toCharArray(), "d");
    SignOnResult unknown = id.signOn("nobody", "whatever-123456".toCharArray(), "d");
    SignOnResult malformed = id.signOn("NO BODY!", "whatever-123456".toCharArray(), "d");

    assertThat(wrong).isEqualTo(new SignOnResult.Refused(SignOnResult.REFUSED_MESSAGE));
    assertThat(unknown).isEqualTo(wrong);
    assertThat(malformed).isEqualTo(wrong);
    // Ben's count of failures is reset by his next good sign-on.
    assertThat(id.signOn("ben", TestActors.password(TestActors.TELLER_2), "d"))
        .isInstanceOf(SignOnResult.SignedOn.class);
  }

  @Test
  void theFifthFailureLocksTheUserUntilASupervisorUnlocksIt(@TempDir Path own) throws Exception {
    try (TestLedger l = TestLedger.open(own)) {
      IdentityService id = new IdentityService(l.database, Clock.systemUTC());
      AuditRows audit = new AuditRows(l.database);
      long mark = audit.mark();
      char[] right = TestActors.password(TestActors.TELLER);

      for (int i = 0; i < 4; i++) {
        assertThat(id.signOn("anna", "wrong-password-9".toCharArray(), "desk-1"))
            .isInstanceOf(SignOnResult.Refused.class);
      }
      assertThat(audit.since(mark, AuditEventType.USER_LOCKED)).isEmpty();
      assertThat(id.signOn("anna", "wrong-password-9".toCharArray(), "desk-1"))
          .isInstanceOf(SignOnResult.Refused.class);
      assertThat(audit.since(mark, AuditEventType.SIGN_ON_FAILED)).hasSize(5);
      assertThat(audit.since(mark, AuditEventType.USER_LOCKED))
          .singleElement()
          .satisfies(r -> assertThat(r.affected()).isEqualTo("user anna"));

      // Locked: even the right password is refused, with the same words.
      assertThat(id.signOn("anna", right, "desk-1"))
          .isEqualTo(new SignOnResult.Refused(SignOnResult.REFUSED_MESSAGE));
      assertThat(audit.since(mark, AuditEventType.SIGN_ON_FAILED).get(5).detail())
          .isEqualTo("locked user");

      // A teller may not unlock; a supervisor may.
      assertThatThrownBy(() -> id.unlock(TestActors.TELLER_2, "anna"))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));
      assertThat(audit.since(mark, AuditEventType.ACCESS_DENIED))
          .singleElement()
          .satisfies(r -> assertThat(r.userId()).isEqualTo("ben"));
      assertThat(id.unlock(TestActors.SUPERVISOR, "anna").locked()).isFalse();
      assertThat(audit.since(mark, AuditEventType.USER_UNLOCKED))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.userId()).isEqualTo("sara");
                assertThat(r.affected()).isEqualTo("user anna");
              });
      assertThat(id.signOn("anna", right, "desk-1")).isInstanceOf(SignOnResult.SignedOn.class);
    }
  }

  @Test
  void aSupervisorAuthenticatesForAnOverrideButATellerCannot() {
    IdentityService id = identity();
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    assertThat(
            id.authenticateSupervisor(
                "sara", TestActors.password(TestActors.SUPERVISOR), "desk-1", "key x"))
        .isInstanceOfSatisfying(
            SignOnResult.SignedOn.class,
            s -> assertThat(s.actor().role()).isEqualTo(Role.SUPERVISOR));
    assertThat(
            id.authenticateSupervisor(
                "ben", TestActors.password(TestActors.TELLER_2), "desk-1", "key x"))
        .isInstanceOf(SignOnResult.Refused.class);
    assertThat(audit.since(mark, AuditEventType.OVERRIDE_AUTHENTICATED))
        .extracting(AuditRows.Row::userId, AuditRows.Row::success)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sara", true),
            org.assertj.core.groups.Tuple.tuple("ben", false));
  }

  @Test
  void theScreenUnlocksOnlyWithTheSignedOnUsersPassword() {
    IdentityService id = identity();
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();
    Actor ben = TestActors.TELLER_2;

    id.screenLocked(ben, "idle for 15 minutes");
    assertThat(id.unlockScreen(ben, "wrong-password-1".toCharArray())).isFalse();
    assertThat(id.unlockScreen(ben, TestActors.password(ben))).isTrue();

    assertThat(audit.since(mark))
        .extracting(AuditRows.Row::type, AuditRows.Row::success)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SCREEN_LOCKED, true),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SCREEN_UNLOCKED, false),
            org.assertj.core.groups.Tuple.tuple(AuditEventType.SCREEN_UNLOCKED, true));
  }

  @Test
  void onlyAnAdministratorManagesUsersAndEveryChangeIsAudited() {
    IdentityService id = identity();
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();
    char[] pw = "new-teller-pass-7".toCharArray();

    for (Actor notAdmin :
        new Actor[] {TestActors.TELLER, TestActors.SUPERVISOR, TestActors.AUDITOR}) {
      assertThatThrownBy(() -> id.createUser(notAdmin, "carl", "Carl Kern", Role.TELLER, pw))
          .isInstanceOf(ServiceRefusal.class);
    }
    assertThat(audit.since(mark, AuditEventType.ACCESS_DENIED)).hasSize(3);

    assertThat(id.createUser(TestActors.ADMINISTRATOR, "carl", "Carl Kern", Role.TELLER, pw))
        .satisfies(u -> assertThat(u.role()).isEqualTo(Role.TELLER));
    assertThatThrownBy(
            () -> id.createUser(TestActors.ADMINISTRATOR, "carl", "Carl", Role.TELLER, pw))
        .isInstanceOfSatisfying(
            ServiceRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.CONFLICT));
    assertThatThrownBy(
            () ->
                id.createUser(
                    TestActors.ADMINISTRATOR, "dora", "Dora", Role.TELLER, "short1".toCharArray()))
        .hasMessageContaining("at least 12 characters");
    id.changeRole(TestActors.ADMINISTRATOR, "carl", Role.SUPERVISOR);
    id.setEnabled(TestActors.ADMINISTRATOR, "carl", false);
    assertThat(id.signOn("carl", pw, "d")).isInstanceOf(SignOnResult.Refused.class);
    id.setEnabled(TestActors.ADMINISTRATOR, "carl", true);
    id.resetPassword(TestActors.ADMINISTRATOR, "carl", "another-pass-88".toCharArray());
    assertThat(id.signOn("carl", "another-pass-88".toCharArray(), "d"))
        .isInstanceOfSatisfying(
            SignOnResult.SignedOn.class,
            s -> assertThat(s.actor().role()).isEqualTo(Role.SUPERVISOR));

    assertThat(audit.since(mark))
        .filteredOn(r -> r.success() && r.userId().equals("ida"))
        .extracting(AuditRows.Row::type)
        .containsExactly(
            AuditEventType.USER_CREATED,
            AuditEventType.USER_CHANGED,
            AuditEventType.USER_CHANGED,
            AuditEventType.USER_CHANGED,
            AuditEventType.PASSWORD_CHANGED);
  }

  @Test
  void aRealLedgerAsksForItsFirstAdministratorOnceAndHasNoDemoUsers(@TempDir Path own) {
    try (Database db = Database.open(DatabaseSettings.h2File(own.resolve("real.mv.db")))) {
      IdentityService id = new IdentityService(db, Clock.systemUTC());
      assertThat(id.needsFirstAdministrator()).isTrue();
      assertThat(id.hasDemoUsers()).isFalse();
      assertThat(id.signOn("anna", TestActors.password(TestActors.TELLER), "d"))
          .isInstanceOf(SignOnResult.Refused.class);

      SignOnResult.SignedOn admin =
          id.createFirstAdministrator(
              "root.admin", "Rita Root", "first-admin-pass-1".toCharArray(), "desk-0");

      assertThat(admin.actor()).isEqualTo(new Actor("root.admin", Role.ADMINISTRATOR, "desk-0"));
      assertThat(id.needsFirstAdministrator()).isFalse();
      assertThatThrownBy(
              () ->
                  id.createFirstAdministrator(
                      "second", "Sam", "first-admin-pass-2".toCharArray(), "desk-0"))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.CONFLICT));
      assertThat(new AuditRows(db).since(0))
          .extracting(AuditRows.Row::type)
          .containsExactly(
              AuditEventType.SIGN_ON_FAILED,
              AuditEventType.FIRST_ADMINISTRATOR_CREATED,
              AuditEventType.SIGN_ON);
    }
  }

  @Test
  void theDatabaseRefusesToChangeOrDeleteTheAuditTrailOrToDeleteAUser() throws SQLException {
    identity().signOn("omar", TestActors.password(TestActors.AUDITOR), "d");
    try (Connection c = ledger.database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      // Each refusal ends the transaction on PostgreSQL: roll back before the next statement.
      assertThatThrownBy(() -> st.executeUpdate("update audit_event set success = false"))
          .hasMessageContaining("append-only");
      c.rollback();
      assertThatThrownBy(() -> st.executeUpdate("delete from audit_event"))
          .hasMessageContaining("append-only");
      c.rollback();
      assertThatThrownBy(() -> st.executeUpdate("delete from app_user where user_id = 'omar'"))
          .hasMessageContaining("append-only");
      c.rollback();
    }
  }

  @Test
  void passwordsAreStoredAsArgon2idWithTheOwaspParametersAndVerifyOnlyThemselves() {
    PasswordHasher h = new PasswordHasher();
    String hash = h.hash("correct-horse-1".toCharArray());
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(h.verify("correct-horse-1".toCharArray(), hash)).isTrue();
    assertThat(h.verify("correct-horse-2".toCharArray(), hash)).isFalse();
    assertThat(h.hash("correct-horse-1".toCharArray())).as("salted").isNotEqualTo(hash);
    assertThat(h.verify("x".toCharArray(), "$argon2id$garbage")).isFalse();
    for (var u : com.onceteller.branch.ledger.DemoUsers.USERS) {
      assertThat(h.verify(u.password().toCharArray(), u.hash())).as(u.userId()).isTrue();
    }
  }
}
