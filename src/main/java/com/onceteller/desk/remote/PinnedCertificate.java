package com.onceteller.desk.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The branch's TLS certificate, pinned from a file (PEM or DER, as {@code keytool -exportcert}
 * writes it): the desk talks to a server that presents exactly this certificate, and to no other,
 * whatever certificate authorities the machine trusts. A branch has one server and its certificate
 * is installed with the desks, so there is no chain to trust, only one certificate to recognise.
 * The host name is still checked by the HTTP client against the certificate's names.
 */
public final class PinnedCertificate {

  private final X509Certificate certificate;
  private final byte[] encoded;

  private PinnedCertificate(X509Certificate certificate) throws CertificateException {
    this.certificate = certificate;
    this.encoded = certificate.getEncoded();
  }

  public static PinnedCertificate load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new PinnedCertificate(
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(
          "The branch certificate " + file + " could not be read: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of the certificate, as {@code keytool -printcert} shows it, for logs and docs. */
  public String sha256() {
    try {
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A TLS context that trusts this certificate only. */
  public SSLContext sslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new Pinned()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private final class Pinned extends X509ExtendedTrustManager {

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), encoded)) {
        throw new CertificateException(
            "The server's certificate is not the pinned branch certificate (" + sha256() + ").");
      }
      chain[0].checkValidity();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("The desk does not accept client connections.");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("The desk does not accept client connections.");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("The desk does not accept client connections.");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[] {certificate};
    }
  }
}
