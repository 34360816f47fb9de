package com.onceteller.branch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.onceteller.AuditRows;
import com.onceteller.TestActors;
import com.onceteller.domain.Actor;
import com.onceteller.domain.AuditEvent;
import com.onceteller.domain.AuditEventType;
import com.onceteller.domain.AuditQuery;
import com.onceteller.domain.ServiceRefusal;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only an auditor searches and exports the audit trail, and doing so is itself recorded. */
class AuditQueriesTest extends SharedLedgerTest {

  static AuditQueries queries() {
    return new AuditQueries(ledger.database, Clock.systemUTC());
  }

  @Test
  void anAuditorFindsFailedSignOnsOfOneUserAndTheSearchIsRecorded() {
    IdentityService id = new IdentityService(ledger.database, Clock.systemUTC());
    id.signOn("ben", "wrong-password-7".toCharArray(), "desk-9");
    id.signOn("ben", TestActors.password(TestActors.TELLER_2), "desk-9");
    AuditRows audit = new AuditRows(ledger.database);
    long mark = audit.mark();

    List<AuditEvent> found =
        queries()
            .search(
                TestActors.AUDITOR,
                new AuditQuery(null, null, "ben", AuditEventType.SIGN_ON_FAILED, true, null, 50));

    assertThat(found).isNotEmpty();
    assertThat(found)
        .allSatisfy(
            e -> {
              assertThat(e.userId()).isEqualTo("ben");
              assertThat(e.type()).isEqualTo(AuditEventType.SIGN_ON_FAILED);
              assertThat(e.success()).isFalse();
              assertThat(e.workstation()).isEqualTo("desk-9");
            });
    assertThat(audit.since(mark, AuditEventType.AUDIT_VIEWED))
        .singleElement()
        .satisfies(r -> assertThat(r.userId()).isEqualTo("omar"));
  }

  @Test
  void theExportIsCsvThatASpreadsheetCannotRunAsAFormula() {
    IdentityService id = new IdentityService(ledger.database, Clock.systemUTC());
    id.signOn("=cmd|' /C calc'!A0", "whatever-123456".toCharArray(), "desk,\"x\"");
    StringWriter out = new StringWriter();

    int n =
        queries()
            .exportCsv(
                TestActors.AUDITOR,
                new AuditQuery(null, null, null, AuditEventType.SIGN_ON_FAILED, true, null, 100),
                out);

    String csv = out.toString();
    assertThat(n).isPositive();
    assertThat(csv)
        .startsWith("id,occurred_at,user_id,event_type,success,workstation,affected,detail\r\n");
    assertThat(csv.split("\r\n")).hasSize(n + 1);
    assertThat(csv).contains(",'=cmd|' /c calc'!a0,").contains(",\"desk,\"\"x\"\"\",");
    assertThat(new AuditRows(ledger.database).since(0, AuditEventType.AUDIT_EXPORTED)).isNotEmpty();
  }

  @Test
  void nobodyButAnAuditorMayReadTheTrailAndTheRefusalIsRecorded() {
    for (Actor a :
        new Actor[] {TestActors.TELLER, TestActors.SUPERVISOR, TestActors.ADMINISTRATOR, null}) {
      AuditRows audit = new AuditRows(ledger.database);
      long mark = audit.mark();
      assertThatThrownBy(() -> queries().search(a, AuditQuery.all(10)))
          .isInstanceOfSatisfying(
              ServiceRefusal.class,
              e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.NOT_PERMITTED));
      assertThatThrownBy(() -> queries().exportCsv(a, AuditQuery.all(10), new StringWriter()))
          .isInstanceOf(ServiceRefusal.class);
      assertThat(audit.since(mark, AuditEventType.ACCESS_DENIED)).hasSize(2);
    }
    assertThatThrownBy(() -> queries().search(TestActors.AUDITOR, AuditQuery.all(0)))
        .isInstanceOfSatisfying(
            ServiceRefusal.class, e -> assertThat(e.kind()).isEqualTo(ServiceRefusal.Kind.INVALID));
  }
}
