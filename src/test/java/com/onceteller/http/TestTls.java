package com.onceteller.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A branch keystore and its exported certificate, made with the JDK's keytool as an operator would
 * (docs/branch-server.md): an EC key, a certificate for localhost and 127.0.0.1.
 */
public record TestTls(Path keystore, String password, Path certificate) {

  public static TestTls create(Path dir) {
    Path ks = dir.resolve("branch.p12");
    Path cert = dir.resolve("branch.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "branch",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-validity",
            "30",
            "-keystore",
            ks.toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            "changeit",
            "-keypass",
            "changeit"));
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            "branch",
            "-keystore",
            ks.toString(),
            "-storepass",
            "changeit",
            "-file",
            cert.toString()));
    return new TestTls(ks, "changeit", cert);
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
