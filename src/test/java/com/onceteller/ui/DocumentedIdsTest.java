package com.onceteller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.onceteller.demo.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ids other teams' tests may use are exactly those docs/testing.md lists. */
class DocumentedIdsTest {

  private static final Path DOC = Path.of("docs/testing.md");

  /** Ids given in code rather than in an FXML file. */
  private static Set<String> idsSetInCode() {
    Set<String> ids =
        new TreeSet<>(
            Set.of(
                "caption1",
                "caption2",
                "keysDialog",
                "aboutDialog",
                "keysDialogTable",
                "aboutDialogTable",
                "openFailedDialog",
                "abandonDialog",
                "abandonDialogYes",
                "abandonDialogNo",
                "abandonInDoubtDialog",
                "abandonInDoubtDialogYes",
                "abandonInDoubtDialogNo"));
    for (Scenario s : Scenario.values()) {
      ids.add("scenario-" + s.cliName());
    }
    return ids;
  }

  private static Set<String> idsInViews() throws IOException {
    Set<String> ids = new TreeSet<>();
    Pattern id = Pattern.compile(" id=\"([^\"]+)\"");
    try (Stream<Path> files = Files.walk(Path.of("resources/com/onceteller/ui"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".fxml")).toList()) {
        Matcher m = id.matcher(Files.readString(f));
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  /** The first column of the id tables: `a`, `b` and `c` … */
  private static Set<String> idsInDoc() throws IOException {
    Set<String> ids = new TreeSet<>();
    Pattern row = Pattern.compile("^\\| (`[^|]+) \\|", Pattern.MULTILINE);
    Pattern code = Pattern.compile("`([A-Za-z0-9-]+)`");
    Matcher m = row.matcher(Files.readString(DOC));
    while (m.find()) {
      Matcher c = code.matcher(m.group(1));
      while (c.find()) {
        ids.add(c.group(1));
      }
    }
    return ids;
  }

  @Test
  void everyIdOfTheViewsIsDocumentedAsApi() throws IOException {
    Set<String> documented = idsInDoc();
    for (String id : idsInViews()) {
      if (id.startsWith("swatch-")) {
        continue; // documented once, as internal
      }
      assertThat(documented).as("docs/testing.md lists #" + id).contains(id);
    }
    assertThat(documented).containsAll(idsSetInCode());
  }

  @Test
  void everyDocumentedIdExists() throws IOException {
    Set<String> exists = idsInViews();
    exists.addAll(idsSetInCode());
    for (String id : idsInDoc()) {
      if (id.equals("swatch-") || id.startsWith("caption")) {
        continue;
      }
      assertThat(exists).as("#" + id + " listed in docs/testing.md").contains(id);
    }
  }
}
