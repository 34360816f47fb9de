package com.onceteller.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The desktop's branch-server options, taken out of the command line before the rest is parsed:
 * {@code --server https://branch:8443}, {@code --server-cert branch.pem} (the pinned certificate),
 * {@code --teller ID} (the user id the sign-on screen proposes: who posts is whoever signs on, with
 * their password, which the branch checks). Each may also be a setting ({@code server.url}, {@code
 * server.certificate}, {@code server.teller} in the settings file); the command line wins. Without
 * a server the desk uses its embedded ledger, as before.
 */
record DeskServerOptions(
    Optional<URI> url, Optional<Path> certificate, Optional<String> teller, String[] rest) {

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "  --server URL      post through the branch server (https://branch:8443) instead of",
          "                    the embedded ledger; also the setting server.url",
          "  --server-cert F   the branch's certificate, pinned (server.certificate)",
          "  --teller ID       the user id the sign-on screen proposes (server.teller;",
          "                    default: the OS user); the branch checks the password");

  static DeskServerOptions extract(String[] args) throws AppOptions.UsageException {
    URI url = null;
    Path cert = null;
    String teller = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--server" -> url = uri(value(args, ++i, a));
        case "--server-cert" -> cert = Path.of(value(args, ++i, a));
        case "--teller" -> teller = value(args, ++i, a);
        default -> rest.add(a);
      }
    }
    if (url == null && (cert != null || teller != null)) {
      throw new AppOptions.UsageException("--server-cert and --teller need --server URL.");
    }
    return new DeskServerOptions(
        Optional.ofNullable(url),
        Optional.ofNullable(cert),
        Optional.ofNullable(teller),
        rest.toArray(String[]::new));
  }

  /** The server to use, from the options or the settings; null for the embedded ledger. */
  AppContext.ServerSettings resolve(AppSettings settings, AppPaths paths) {
    Optional<URI> u = url.or(() -> settings.value("server.url").map(DeskServerOptions::uriOrNull));
    if (u.isEmpty()) {
      return null;
    }
    Path c =
        certificate.orElseGet(
            () -> settings.value("server.certificate").map(Path::of).orElse(null));
    if ("https".equals(u.get().getScheme()) && c == null) {
      throw new IllegalArgumentException(
          "--server " + u.get() + " needs the branch's certificate: --server-cert FILE.");
    }
    String who =
        teller
            .orElseGet(
                () ->
                    settings
                        .value("server.teller")
                        .orElse(System.getProperty("user.name", "teller")))
            .strip()
            .toLowerCase(Locale.ROOT);
    // One desk store per branch, shared by the tellers who sign on at this desk (each sees their
    // own items in it, as on an embedded ledger).
    String store =
        (u.get().getHost() + "_" + u.get().getPort())
            .replaceAll("[^A-Za-z0-9._-]", "_")
            .toLowerCase(Locale.ROOT);
    Path deskStore = paths.dataDirectory().resolve("desks").resolve(store + ".desk.sqlite");
    try {
      java.nio.file.Files.createDirectories(deskStore.getParent());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot create " + deskStore.getParent() + ": " + e, e);
    }
    return new AppContext.ServerSettings(u.get(), c, who, deskStore);
  }

  private static URI uri(String v) throws AppOptions.UsageException {
    URI u = uriOrNull(v);
    if (u == null) {
      throw new AppOptions.UsageException(
          "--server needs a URL such as https://branch:8443, not '" + v + "'.");
    }
    return u;
  }

  private static URI uriOrNull(String v) {
    try {
      URI u = URI.create(v);
      return u.getHost() != null && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
          ? u
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String value(String[] args, int i, String option)
      throws AppOptions.UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new AppOptions.UsageException(option + " needs a value.");
    }
    return args[i];
  }
}
