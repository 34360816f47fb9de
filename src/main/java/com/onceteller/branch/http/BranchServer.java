package com.onceteller.branch.http;

import com.onceteller.branch.ledger.Database;
import com.onceteller.branch.service.ApprovalService;
import com.onceteller.branch.service.EndOfDayService;
import com.onceteller.branch.service.IdentityService;
import com.onceteller.branch.service.KeyedOperations;
import com.onceteller.branch.service.LedgerQueries;
import com.onceteller.branch.service.ReplayCompactor;
import com.onceteller.branch.service.ServiceObserver;
import com.onceteller.branch.service.SessionService;
import com.onceteller.branch.service.TransferService;
import com.onceteller.domain.IdempotencyKey;
import com.onceteller.domain.TransferOutcome;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The branch server: the exactly-once service behind {@link BranchApi}, on Javalin 7 (Jetty 12),
 * over TLS from a keystore. Plain HTTP is only for loopback (tests, the fault proxy's far side).
 */
public final class BranchServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BranchServer.class);

  /**
   * Where and how to listen.
   *
   * @param keystore a PKCS#12 or JKS keystore with the server's key and certificate; null for plain
   *     HTTP, accepted only on a loopback host
   * @param payloadRetention after this the stored request text of a decision is compacted (the key
   *     and its decision stay forever)
   */
  public record Config(
      String host, int port, Path keystore, String keystorePassword, Duration payloadRetention) {
    public Config {
      if (keystore == null && !isLoopback(host)) {
        throw new IllegalArgumentException(
            "Without a keystore the server only listens on loopback (127.0.0.1); give --keystore"
                + " to serve tellers over the network.");
      }
    }
  }

  private final Javalin app;
  private final ScheduledExecutorService housekeeping;
  private final TransferService service;

  private BranchServer(Javalin app, ScheduledExecutorService housekeeping, TransferService s) {
    this.app = app;
    this.housekeeping = housekeeping;
    this.service = s;
  }

  /** Starts serving {@code database}; {@code observer} also sees every service event (tests). */
  public static BranchServer start(Database database, Config config, ServiceObserver observer) {
    ServiceObserver observing = both(new ServerTiming(), observer);
    TransferService service = new TransferService(database, Clock.systemUTC(), observing);
    IdentityService identity = new IdentityService(database, Clock.systemUTC());
    BranchApi api =
        new BranchApi(
            service,
            new LedgerQueries(database),
            identity,
            new ApprovalService(service, identity),
            new EndOfDayService(service, java.time.ZoneId.systemDefault()),
            new KeyedOperations(database, Clock.systemUTC(), observing),
            new com.onceteller.branch.service.ReceiptService(service),
            new com.onceteller.branch.service.AuditQueries(database, Clock.systemUTC()),
            new IdentityAuthenticator(
                identity,
                new SessionService(database, Clock.systemUTC(), SessionService.DEFAULT_LIFETIME)),
            database.ledgerId(),
            database.settings().kind().name().toLowerCase(Locale.ROOT),
            config.payloadRetention());
    Javalin app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.jetty.host = config.host();
              c.jetty.port = config.port();
              if (config.keystore() != null) {
                c.jetty.addConnector(
                    (server, http) -> {
                      SslContextFactory.Server ssl = new SslContextFactory.Server();
                      ssl.setKeyStorePath(config.keystore().toString());
                      ssl.setKeyStorePassword(config.keystorePassword());
                      HttpConfiguration https = new HttpConfiguration(http);
                      SecureRequestCustomizer secure = new SecureRequestCustomizer();
                      // Desks may reach the branch by IP; the certificate is pinned on the desk.
                      secure.setSniHostCheck(false);
                      https.addCustomizer(secure);
                      ServerConnector tls =
                          new ServerConnector(
                              server,
                              new SslConnectionFactory(ssl, "http/1.1"),
                              new HttpConnectionFactory(https));
                      tls.setHost(config.host());
                      tls.setPort(config.port());
                      return tls;
                    });
              }
              api.install(c);
            });
    app.start();
    ScheduledExecutorService housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "replay-compaction");
              t.setDaemon(true);
              return t;
            });
    ReplayCompactor compactor = new ReplayCompactor(database, Clock.systemUTC());
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            compactor.compactOlderThan(config.payloadRetention());
          } catch (RuntimeException e) {
            log.warn("Replay compaction failed; will try again tomorrow: {}", e.toString());
          }
        },
        1,
        24 * 60,
        TimeUnit.MINUTES);
    log.info(
        "Branch server listening on {}://{}:{} (ledger {})",
        config.keystore() == null ? "http" : "https",
        config.host(),
        app.port(),
        database.settings().displayName());
    return new BranchServer(app, housekeeping, service);
  }

  public int port() {
    return app.port();
  }

  public TransferService service() {
    return service;
  }

  @Override
  public void close() {
    housekeeping.shutdown();
    app.stop();
  }

  static boolean isLoopback(String host) {
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1"));
  }

  private static ServiceObserver both(ServiceObserver a, ServiceObserver b) {
    if (b == null || b == ServiceObserver.NONE) {
      return a;
    }
    return new ServiceObserver() {
      @Override
      public void received(IdempotencyKey key) {
        a.received(key);
        b.received(key);
      }

      @Override
      public void keyClaimed(IdempotencyKey key) {
        a.keyClaimed(key);
        b.keyClaimed(key);
      }

      @Override
      public void postingsWritten(IdempotencyKey key) {
        a.postingsWritten(key);
        b.postingsWritten(key);
      }

      @Override
      public void commitWritten(IdempotencyKey key) {
        a.commitWritten(key);
        b.commitWritten(key);
      }

      @Override
      public void committed(IdempotencyKey key, TransferOutcome outcome) {
        a.committed(key, outcome);
        b.committed(key, outcome);
      }

      @Override
      public void rolledBack(IdempotencyKey key, Throwable cause) {
        a.rolledBack(key, cause);
        b.rolledBack(key, cause);
      }

      @Override
      public void replayed(IdempotencyKey key, TransferOutcome outcome) {
        a.replayed(key, outcome);
        b.replayed(key, outcome);
      }
    };
  }
}
