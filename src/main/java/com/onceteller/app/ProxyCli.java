package com.onceteller.app;

import com.onceteller.demo.FaultProxy;
import com.onceteller.desk.remote.PinnedCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code onceteller proxy}: the fault-injecting proxy for demonstrations against a real branch
 * server (docs/branch-server.md). Desks use {@code --server http://127.0.0.1:PORT}; the trainer
 * arms faults with {@code curl -X POST http://127.0.0.1:PORT/_fault/response-lost}.
 */
final class ProxyCli {

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: OnceTeller proxy --to https://branch:8443 --server-cert branch.pem [--port 9080]",
          "",
          "Listens on 127.0.0.1 only. Arm the next request's fault with curl -X POST on",
          "  /_fault/request-lost    reset the connection before the branch sees the request",
          "  /_fault/response-lost   let the branch commit, then drop its answer",
          "  /_fault/delay?ms=N      hold the request back N ms before forwarding it",
          "  /_fault/none            disarm");

  private ProxyCli() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    URI to = null;
    Path cert = null;
    int port = 9080;
    try {
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--to" -> to = URI.create(args.get(++i));
          case "--server-cert" -> cert = Path.of(args.get(++i));
          case "--port" -> port = Integer.parseInt(args.get(++i));
          case "--help", "-h" -> {
            out.println(USAGE);
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option " + args.get(i));
        }
      }
    } catch (RuntimeException e) {
      err.println("OnceTeller proxy: " + e.getMessage());
      err.println(USAGE);
      return Launcher.USAGE_ERROR;
    }
    if (to == null || ("https".equals(to.getScheme()) && cert == null)) {
      err.println(USAGE);
      return Launcher.USAGE_ERROR;
    }
    FaultProxy proxy;
    try {
      proxy =
          FaultProxy.start(
              port, to, cert == null ? null : PinnedCertificate.load(cert).sslContext());
    } catch (IOException e) {
      err.println("OnceTeller proxy: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  proxy.close();
                  stopped.countDown();
                }));
    out.println("Fault proxy on " + proxy.uri() + " -> " + to);
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
