package com.onceteller.crash;

import com.onceteller.app.Launcher;
import com.onceteller.branch.ledger.DemoUsers;
import com.onceteller.demo.Fault;
import com.onceteller.ui.indoubt.InDoubtRow;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.testfx.api.FxRobot;

/**
 * The process {@link DesktopKillTest} kills: the real desktop, started by the real {@link
 * Launcher#main} ({@code --db LEDGER --demo}; logging, command line, {@code OnceTellerApp}, the
 * sign-on screen, {@code DeskFlow}'s start-up audit and resend) under headless Monocle, and a
 * teller driven through the UI from a second thread with a TestFX {@link FxRobot}: the robot clicks
 * into the fields and types (account holders, amount, Enter to send, Ctrl+N for the next transfer),
 * as a teller would. Before some transfers a fault is armed through the demonstration panel ({@code
 * #faultChoice}, {@code #slowField}, {@code #armButton}, set on the FX thread), so that kills land
 * with a transfer in flight. The form is watched by polling {@code #statusHeadline} on the FX
 * thread.
 *
 * <p>Protocol on stdout, one flushed line each, always printed after the UI showed it:
 *
 * <pre>
 * READY                         signed on, the desktop is shown (after the start-up audit)
 * LISTED key                    a key appeared in the in-doubt list ({@code #inDoubtList})
 * ARMED fault ms                a fault armed for the next attempt (demonstration panel)
 * SENT key amountMinor          Enter was pressed on a filled form with this key
 * SHOWN key ref amount how     the teller is shown "Posted · ref …" (how: posted) or "Already
 *                               posted … ref …" (replayed); amount in minor units
 * OTHER key headline            any other end (rejected, in doubt after the last retry, …)
 * REFUSED message               the ledger was not opened ({@code #openFailedDialog})
 * FAILED message                the driver could not go on (a harness problem, not the app's)
 * QUITTING                      (--final) start-up done, quitting with Ctrl+Q
 * </pre>
 *
 * Arguments: {@code --db LEDGER --seed S [--user anna] [--fault-odds n] [--clean-first m]
 * [--final]}: after the first m transfers (default 0) a fault is armed before a transfer with odds
 * 1 in n (default 3); {@code --final} signs on, lets the start-up resolve what is in doubt, and
 * quits. The data directory (settings, log) is {@code ONCETELLER_DATA_DIR}, set by the parent.
 */
public final class DesktopKillChild {

  private static final PrintStream out = System.out;
  private static final Pattern REFERENCE = Pattern.compile("ref (T-[0-9A-Za-z-]+)");

  /** The EUR accounts the teller moves money between, by a part of the holder's name. */
  static final String[] HOLDERS = {"Hartmann", "Weber", "Morgenrot", "Mehmet", "Schulz"};

  private final Random random;
  private final String user;
  private final int faultOdds;
  private final FxRobot robot = new FxRobot();

  private final int cleanFirst;
  private int transfers;

  private DesktopKillChild(long seed, String user, int faultOdds, int cleanFirst) {
    this.random = new Random(seed);
    this.user = user;
    this.faultOdds = faultOdds;
    this.cleanFirst = cleanFirst;
  }

  public static void main(String[] args) {
    String db = null;
    long seed = 1;
    String user = "anna";
    boolean last = false;
    int faultOdds = 3;
    int cleanFirst = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--db" -> db = args[++i];
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--user" -> user = args[++i];
        case "--final" -> last = true;
        case "--fault-odds" -> faultOdds = Integer.parseInt(args[++i]);
        case "--clean-first" -> cleanFirst = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    DesktopKillChild child = new DesktopKillChild(seed, user, faultOdds, cleanFirst);
    boolean finalRun = last;
    Thread driver =
        new Thread(
            () -> {
              try {
                child.drive(finalRun);
              } catch (Throwable e) {
                line("FAILED " + e.toString().replace('\n', ' '));
                e.printStackTrace();
              }
            },
            "kill-driver");
    driver.setDaemon(true);
    driver.start();
    // The launcher's own path: logging, the command line, the demo ledger, OnceTellerApp.
    Launcher.main(new String[] {"--db", db, "--demo"});
  }

  private void drive(boolean finalRun) throws Exception {
    awaitToolkit();
    Node first =
        await(
            "the sign-on screen or a refusal",
            300,
            () ->
                fx(
                    () -> {
                      Node n = find("#userIdField");
                      return n != null ? n : find("#openFailedDialog");
                    }),
            n -> n != null && n.isVisible());
    if ("openFailedDialog".equals(first.getId())) {
      line(
          "REFUSED "
              + fx(() -> ((javafx.scene.control.DialogPane) first).getContentText())
                  .replace('\n', ' '));
      return;
    }
    robot.clickOn("#userIdField").write(user);
    robot.clickOn("#passwordField").write(DemoUsers.get(user).password());
    robot.clickOn("#signOnButton");
    // The desktop shows once the start-up audit and the resend of what was in doubt are done.
    try {
      await("the desktop", 180, () -> lookup("#fromField").orElse(null), n -> n != null);
    } catch (IllegalStateException notShown) {
      // Below the parent's limit: say what the sign-on screen shows instead of being killed.
      throw new IllegalStateException(notShown.getMessage() + "; sign-on screen: " + signOnState());
    }
    await("the teller bar", 60, () -> lookup("#tellerBar").orElse(null), n -> n != null);
    watchInDoubtList();
    line("READY");
    if (finalRun) {
      line("QUITTING");
      robot.push(KeyCode.CONTROL, KeyCode.Q);
      return;
    }
    while (true) {
      oneTransfer();
    }
  }

  /** One transfer typed into the form, sent with Enter, watched until the teller can go on. */
  private void oneTransfer() throws Exception {
    int from = random.nextInt(HOLDERS.length);
    int to = from;
    while (to == from) {
      to = random.nextInt(HOLDERS.length);
    }
    long minor = 1 + random.nextInt(500);
    if (transfers++ >= cleanFirst && random.nextInt(faultOdds) == 0) {
      armFault();
    }
    String before = keyOfForm();
    choose("#fromField", "#fromDetails", HOLDERS[from]);
    choose("#toField", "#toDetails", HOLDERS[to]);
    robot
        .clickOn("#amountField")
        .write(String.format(Locale.ROOT, "%d.%02d", minor / 100, minor % 100));
    String key = keyOfForm();
    if (!key.equals(before)) {
      throw new IllegalStateException("the form's key changed while typing");
    }
    robot.type(KeyCode.ENTER);
    await(
        "the form to be sent",
        60,
        () -> text("#statusHeadline"),
        h -> !h.startsWith("New transfer") && !h.isEmpty());
    line("SENT " + key + " " + minor);
    String end = await("an end of transfer " + key, 600, () -> endHeadline(), h -> h != null);
    if (end.startsWith("Posted · ref") || end.startsWith("Already posted")) {
      Matcher m = REFERENCE.matcher(end);
      if (!m.find()) {
        throw new IllegalStateException("no reference in \"" + end + "\"");
      }
      line(
          "SHOWN "
              + key
              + " "
              + m.group(1)
              + " "
              + minor
              + (end.startsWith("Posted") ? " posted" : " replayed"));
    } else {
      line("OTHER " + key + " " + end);
    }
    robot.push(KeyCode.CONTROL, KeyCode.N);
    await(
        "a new form",
        60,
        () -> keyOfForm() + "|" + text("#statusHeadline"),
        s -> !s.startsWith(key + "|") && s.contains("|New transfer"));
  }

  /** Types a part of the holder's name and waits until the account is chosen (its details). */
  private void choose(String field, String details, String holder) throws Exception {
    robot.clickOn(field).write(holder);
    await(holder + " chosen in " + field, 60, () -> text(details), d -> d.contains(holder));
  }

  /**
   * The status headline once the transfer has ended for the teller: a decision, or the last retry's
   * "in doubt" (Send is enabled again), or "Not executed"/"Not sent"; null while it runs.
   */
  private String endHeadline() throws Exception {
    return fx(
        () -> {
          Label h = (Label) find("#statusHeadline");
          Button send = (Button) find("#submitButton");
          String t = h == null || h.getText() == null ? "" : h.getText();
          boolean decided =
              t.startsWith("Posted · ref")
                  || t.startsWith("Already ")
                  || t.startsWith("Rejected")
                  || t.startsWith("Voided")
                  || t.startsWith("Key reused")
                  || t.startsWith("Not ");
          boolean givenUp = t.startsWith("In doubt") && send != null && !send.isDisabled();
          return decided || givenUp ? t : null;
        });
  }

  /** Arms a fault for the next attempt through the demonstration panel. */
  private void armFault() throws Exception {
    int r = random.nextInt(10);
    Fault fault =
        r < 5
            ? Fault.SLOW_SERVICE
            : r < 7 ? Fault.LOSE_RESPONSE : r < 9 ? Fault.CRASH_BEFORE_COMMIT : Fault.LOSE_REQUEST;
    long ms = 1000 + random.nextInt(7000); // the client's timeout is 3 s
    fx(
        () -> {
          TabPane tabs = (TabPane) find("#mainTabs");
          for (Tab t : tabs.getTabs()) {
            if ("demoTab".equals(t.getId())) {
              tabs.getSelectionModel().select(t);
            }
          }
          return null;
        });
    await("the demonstration panel", 30, () -> lookup("#armButton").orElse(null), n -> n != null);
    String armed =
        fx(
            () -> {
              @SuppressWarnings("unchecked")
              ComboBox<Fault> choice = (ComboBox<Fault>) find("#faultChoice");
              choice.setValue(fault);
              ((TextField) find("#slowField")).setText(Long.toString(ms));
              ((Button) find("#armButton")).fire();
              return ((Label) find("#armedLabel")).getText();
            });
    if (armed == null || armed.startsWith("No fault") || armed.startsWith("The slowness")) {
      throw new IllegalStateException("the fault was not armed: " + armed);
    }
    line("ARMED " + fault + " " + ms);
  }

  /** Every key that appears in the in-doubt list is reported, once per appearance. */
  private void watchInDoubtList() throws Exception {
    fx(
        () -> {
          @SuppressWarnings("unchecked")
          ListView<InDoubtRow> list = (ListView<InDoubtRow>) find("#inDoubtList");
          Set<String> listed = new HashSet<>();
          Runnable report =
              () -> {
                Set<String> now = new HashSet<>();
                for (InDoubtRow row : list.getItems()) {
                  String k = row.entry().key().toString();
                  now.add(k);
                  if (!listed.contains(k)) {
                    line("LISTED " + k);
                  }
                }
                listed.retainAll(now);
                listed.addAll(now);
              };
          list.getItems().addListener((ListChangeListener<InDoubtRow>) c -> report.run());
          list.itemsProperty()
              .addListener(
                  (o, a, b) -> {
                    b.addListener((ListChangeListener<InDoubtRow>) c -> report.run());
                    report.run();
                  });
          report.run();
          return null;
        });
  }

  /** The form's full key (the key label's tooltip). */
  private String keyOfForm() throws Exception {
    return fx(
        () -> {
          Control key = (Control) find("#keyLabel");
          return key.getTooltip() == null ? "" : key.getTooltip().getText();
        });
  }

  private String text(String id) throws Exception {
    return fx(
        () -> {
          Node n = find(id);
          return n instanceof Label l && l.getText() != null ? l.getText() : "";
        });
  }

  private Optional<Node> lookup(String id) throws Exception {
    return Optional.ofNullable(fx(() -> find(id)));
  }

  /** The sign-on screen's fields, button and message, for a report. */
  private static String signOnState() throws Exception {
    return fx(
        () -> {
          StringBuilder b = new StringBuilder();
          for (String id :
              new String[] {"#userIdField", "#passwordField", "#signOnMessage", "#openingLabel"}) {
            Node n = find(id);
            String text =
                n instanceof javafx.scene.control.TextInputControl t
                    ? "'" + t.getText() + "'" + (t.isFocused() ? " focused" : "")
                    : n instanceof javafx.scene.control.Labeled l
                        ? "'" + l.getText() + "'" + (l.isVisible() ? "" : " hidden")
                        : String.valueOf(n);
            b.append(id).append('=').append(text).append(' ');
          }
          Node button = find("#signOnButton");
          b.append("#signOnButton=")
              .append(button == null ? "none" : button.isDisabled() ? "disabled" : "enabled");
          return b.toString();
        });
  }

  /** The node with this id in any showing window (FX thread only). */
  private static Node find(String id) {
    for (Window w : Window.getWindows()) {
      if (w.isShowing() && w.getScene() != null) {
        Node n = w.getScene().lookup(id);
        if (n != null) {
          return n;
        }
      }
    }
    return null;
  }

  /** Polls {@code probe} (a short wait loop) until {@code done} holds; fails after the limit. */
  private static <T> T await(String what, int seconds, Callable<T> probe, Predicate<T> done)
      throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    T last = null;
    while (System.nanoTime() < end) {
      last = probe.call();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("not in " + seconds + " s: " + what + " (last: " + last + ")");
  }

  /** Waits until the launcher has started the JavaFX toolkit. */
  private static void awaitToolkit() throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < end) {
      try {
        fx(() -> Boolean.TRUE);
        return;
      } catch (IllegalStateException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("the JavaFX toolkit did not start");
  }

  /** Runs {@code work} on the FX thread and waits for it. */
  private static <T> T fx(Callable<T> work) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(work.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    return f.get(120, TimeUnit.SECONDS);
  }

  static void line(String s) {
    synchronized (out) {
      out.println(s);
      out.flush();
    }
  }
}
