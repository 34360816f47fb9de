package com.onceteller.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, for {@code --version}, the About dialog and the self-check. */
public final class AppVersion {

  /** Shown when no version can be found at all (classes compiled without Maven). */
  public static final String DEVELOPMENT = "development build";

  /** Written by Maven's resource filtering, so {@code mvn javafx:run} knows its version too. */
  private static final String FILTERED = "/com/onceteller/app/version.properties";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/com.onceteller/onceteller/pom.properties";

  private AppVersion() {}

  /**
   * The pom version from the jar manifest, the jar's pom.properties or the filtered
   * version.properties (runs from classes), else {@link #DEVELOPMENT}.
   */
  public static String current() {
    String fromManifest = AppVersion.class.getPackage().getImplementationVersion();
    if (fromManifest != null && !fromManifest.isBlank()) {
      return fromManifest;
    }
    for (String resource : new String[] {POM_PROPERTIES, FILTERED}) {
      String v = read(resource);
      if (v != null) {
        return v;
      }
    }
    return DEVELOPMENT;
  }

  private static String read(String resource) {
    try (InputStream in = AppVersion.class.getResourceAsStream(resource)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through: a version is informative only
    }
    return null;
  }
}
