package com.onceteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.ledger.DatabaseSettings;
import com.onceteller.branch.service.IdentityService;
import com.onceteller.domain.Role;
import com.onceteller.domain.SignOnResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --create-admin USER}: the first administrator of an empty branch ledger, the
 * password read from standard input (or ONCETELLER_ADMIN_PASSWORD); refused once the ledger has an
 * administrator.
 */
class CreateAdminTest {

  @TempDir Path dir;

  @Test
  void theFirstAdministratorIsMadeOnceFromStandardInput() throws Exception {
    assertThat(System.getenv("ONCETELLER_ADMIN_PASSWORD")).isNull();
    ServeCli.Options o =
        ServeCli.parse(
            List.of(
                "--db",
                "postgresql://x@localhost/branch",
                "--insecure-http",
                "--create-admin",
                "Root",
                "--admin-name",
                "Rita Root"));
    assertThat(o.createAdmin()).isEqualTo("Root");
    try (Database db = Database.open(DatabaseSettings.h2File(dir.resolve("branch.mv.db")))) {
      IdentityService identity = new IdentityService(db, Clock.systemUTC());
      assertThat(identity.needsFirstAdministrator()).isTrue();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          ServeCli.createFirstAdministrator(
              db,
              o,
              new ByteArrayInputStream("root-admin-pass-1\n".getBytes(StandardCharsets.UTF_8)),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("First administrator root");
      assertThat(identity.needsFirstAdministrator()).isFalse();
      SignOnResult r = identity.signOn("root", "root-admin-pass-1".toCharArray(), "test");
      assertThat(r).isInstanceOf(SignOnResult.SignedOn.class);
      assertThat(((SignOnResult.SignedOn) r).actor().role()).isEqualTo(Role.ADMINISTRATOR);

      // A second time: refused, nothing changed.
      ByteArrayOutputStream err2 = new ByteArrayOutputStream();
      int again =
          ServeCli.createFirstAdministrator(
              db,
              o,
              new ByteArrayInputStream("other-admin-pass-2\n".getBytes(StandardCharsets.UTF_8)),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err2, true, StandardCharsets.UTF_8));
      assertThat(again).isNotZero();
      assertThat(err2.toString(StandardCharsets.UTF_8)).contains("already has an administrator");
      // A weak password is refused too (on a ledger that has none it would say why).
    }
  }
}
