package com.onceteller.branch.service;

import static com.onceteller.branch.service.Requests.AMELIE;
import static com.onceteller.branch.service.Requests.JONAS;
import static com.onceteller.branch.service.Requests.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.FieldError;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.KeyStatus;
import com.onceteller.domain.Role;
import com.onceteller.domain.ServiceRefusal;
import com.onceteller.domain.TransferOutcome;
import com.onceteller.domain.TransferRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service itself enforces who may do what, whatever the desk shows: callers that hold the wrong
 * role, no role, a role the ledger no longer gives them, or no user at all are refused, nothing is
 * stored, and the refusal is in the audit trail. Keys are scoped per teller.
 */
class AccessControlTest extends SharedLedgerTest {

  private static void refusedAndAudited(
      TransferOutcome o, long mark, String userId, IdempotencyKey key) {
    assertThat(o)
        .isInstanceOfSatisfying(
            TransferOutcome.Invalid.class,
            i ->
                assertThat(i.errors())
                    .extracting(FieldError::field)
                    .containsExactly(FieldError.Field.PERMISSION));
    assertThat(new AuditRows(ledger.database).since(mark, AuditEventType.ACCESS_DENIED))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.userId()).isEqualTo(userId);
              assertThat(r.success()).isFalse();
              assertThat(r.affected()).isEqualTo("key " + key);
            });
    assertThat(probe.records(key)).isZero();
  }

  @Test
  void anAuditorAndAnAdministratorMayNotPostAndNothingIsStored() {
    Map<String, Long> before = probe.balances();
    for (Actor a : new Actor[] {TestActors.AUDITOR, TestActors.ADMINISTRATOR}) {
      long mark = new AuditRows(ledger.database).mark();
      IdempotencyKey key = IdempotencyKey.mint();
      refusedAndAudited(service.submit(a, key, eur(AMELIE, JONAS, 100)), mark, a.userId(), key);
    }
    assertThat(probe.balances()).isEqualTo(before);
  }

  @Test
  void nobodySignedOnMayNotPostOrAbandon() {
    long mark = new AuditRows(ledger.database).mark();
    IdempotencyKey key = IdempotencyKey.mint();
    refusedAndAudited(service.submit(null, key, eur(AMELIE, JONAS, 100)), mark, "(none)", key);
    long mark2 = new AuditRows(ledger.database).mark();
    refusedAndAudited(service.abandon(null, key, null, "why"), mark2, "(none)", key);
  }

  @Test
  void aTellerWhoseRoleTheLedgerDoesNotHoldOrWhoIsUnknownOrDisabledIsRefused() {
    // Anna claims to be a supervisor: the ledger says teller.
    Actor claimsMore = new Actor("anna", Role.SUPERVISOR, "desk-x");
    long mark = new AuditRows(ledger.database).mark();
    IdempotencyKey key = IdempotencyKey.mint();
    TransferOutcome o = service.submit(claimsMore, key, eur(AMELIE, JONAS, 100));
    refusedAndAudited(o, mark, "anna", key);
    assertThat(((TransferOutcome.Invalid) o).summary()).contains("sign on again");

    Actor ghost = new Actor("ghost", Role.TELLER, "desk-x");
    long mark2 = new AuditRows(ledger.database).mark();
    IdempotencyKey key2 = IdempotencyKey.mint();
    refusedAndAudited(service.submit(ghost, key2, eur(AMELIE, JONAS, 100)), mark2, "ghost", key2);
  }

  @Test
  void aDisabledUserIsRefusedAtOnceAndAllowedAgainWhenEnabled() {
    IdentityService identity = new IdentityService(ledger.database, Clock.systemUTC());
    identity.createUser(
        TestActors.ADMINISTRATOR,
        "dan",
        "Dan Diaz",
        Role.TELLER,
        "dan-teller-pass-1".toCharArray());
    Actor dan = new Actor("dan", Role.TELLER, "desk-d");
    assertThat(service.submit(dan, IdempotencyKey.mint(), eur(AMELIE, JONAS, 100)))
        .isInstanceOf(TransferOutcome.Posted.class);

    identity.setEnabled(TestActors.ADMINISTRATOR, "dan", false);
    long mark = new AuditRows(ledger.database).mark();
    IdempotencyKey key = IdempotencyKey.mint();
    refusedAndAudited(service.submit(dan, key, eur(AMELIE, JONAS, 100)), mark, "dan", key);

    identity.setEnabled(TestActors.ADMINISTRATOR, "dan", true);
    assertThat(service.submit(dan, key, eur(AMELIE, JONAS, 100)))
        .as("the refusal stored nothing: the same key posts now")
        .isInstanceOf(TransferOutcome.Posted.class);
  }

  @Test
  void anAuditorMayNotRestoreAPostingNorAskAboutAnotherTellersKeys() {
    long mark = new AuditRows(ledger.database).mark();
    IdempotencyKey key = IdempotencyKey.mint();
    var r =
        service.restoreAcknowledged(
            TestActors.AUDITOR, key, eur(AMELIE, JONAS, 100), "T-000001", Instant.now(), null);
    assertThat(r.restored()).isFalse();
    refusedAndAudited(r.outcome(), mark, "omar", key);

    assertThatThrownBy(() -> ledger.queries.statusOf(TestActors.TELLER_2, "anna", key))
        .isInstanceOfSatisfying(
            ServiceRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));
    assertThat(ledger.queries.statusOf(TestActors.SUPERVISOR, "anna", key).state())
        .isEqualTo(KeyStatus.State.UNKNOWN);
  }

  @Test
  void aTellerMayNotSignOffAnotherTellersItemButASupervisorMayAndIsRecordedAsWhoVoidedIt() {
    IdempotencyKey key = IdempotencyKey.mint();
    TransferRequest r = eur(AMELIE, JONAS, 250);
    long mark = new AuditRows(ledger.database).mark();
    refusedAndAudited(
        service.signOffInDoubt(TestActors.TELLER_2, "anna", key, r, "not mine"), mark, "ben", key);

    long mark2 = new AuditRows(ledger.database).mark();
    TransferOutcome o =
        service.signOffInDoubt(TestActors.SUPERVISOR, "anna", key, r, "customer left");
    assertThat(o)
        .isInstanceOfSatisfying(
            TransferOutcome.Voided.class, v -> assertThat(v.voidedBy()).isEqualTo("sara"));
    assertThat(service.submit(TestActors.TELLER, key, r))
        .as("anna's key is fenced")
        .isInstanceOf(TransferOutcome.Voided.class);
    assertThat(new AuditRows(ledger.database).since(mark2, AuditEventType.IN_DOUBT_SIGNED_OFF))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.userId()).isEqualTo("sara");
              assertThat(row.affected()).isEqualTo("teller anna, key " + key);
              assertThat(row.detail()).isEqualTo("customer left");
            });
  }

  @Test
  void twoTellersUsingTheSameKeyValueAreTwoIntentsNeverAReplayOfTheOther() {
    IdempotencyKey shared = IdempotencyKey.mint();
    TransferRequest annas = eur(AMELIE, JONAS, 1_111);
    TransferRequest bens = eur(JONAS, AMELIE, 2_222);

    var a = (TransferOutcome.Posted) service.submit(TestActors.TELLER, shared, annas);
    var b = service.submit(TestActors.TELLER_2, shared, bens);

    assertThat(b)
        .as("not a KeyReused showing anna's request to ben")
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class,
            p -> {
              assertThat(p.replayed()).isFalse();
              assertThat(p.reference()).isNotEqualTo(a.reference());
            });
    assertThat(service.submit(TestActors.TELLER, shared, annas))
        .isInstanceOfSatisfying(
            TransferOutcome.Posted.class, p -> assertThat(p.reference()).isEqualTo(a.reference()));
    assertThat(ledger.queries.statusOf(TestActors.TELLER, shared).request()).isEqualTo(annas);
    assertThat(ledger.queries.statusOf(TestActors.TELLER_2, shared).request()).isEqualTo(bens);
    assertThat(ledger.queries.transferByKey("ben", shared).orElseThrow().tellerId())
        .isEqualTo("ben");
    assertThat(probe.transfers(shared)).isEqualTo(2);
  }
}
