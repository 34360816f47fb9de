package com.onceteller.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, for {@code --version}, the About dialog and the self-check. */
public final class AppVersion {

  /** Shown when running from compiled classes (IDE, {@code mvn javafx:run}) rather than the jar. */
  public static final String DEVELOPMENT = "development build";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/com.onceteller/onceteller/pom.properties";

  private AppVersion() {}

  /**
   * The pom version from the jar manifest or the jar's pom.properties, else {@link #DEVELOPMENT}.
   */
  public static String current() {
    String fromManifest = AppVersion.class.getPackage().getImplementationVersion();
    if (fromManifest != null && !fromManifest.isBlank()) {
      return fromManifest;
    }
    try (InputStream in = AppVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through: a version is informative only
    }
    return DEVELOPMENT;
  }
}
