package com.onceteller.ui.demo;

import com.onceteller.demo.FaultPlan;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.domain.AccountSummary;
import com.onceteller.domain.TransferRequest;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerDesktop;
import com.onceteller.ui.timeline.FailureTimelineView;
import com.onceteller.ui.timeline.FailureTimelineViewModel;
import com.onceteller.ui.transfer.FormState;
import com.onceteller.ui.transfer.TransferFormViewModel;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The failure timeline (always) and, in demo mode, the demonstrations: fault arming and scenarios
 * played on the teller's own form, with their controls and verdict above the timeline.
 */
public final class DemoExtras implements TellerDesktop.Extras {

  private final FailureTimelineViewModel timelineVm;
  private final FailureTimelineView timelineView;
  private final FormDesk desk;
  private final ScenarioPlayerViewModel player;
  private final DemoPanelView demoView;
  private TellerDesktop desktop;

  /**
   * @param faults the fault plan, or null outside demo mode (no demonstrations then)
   * @param clientTimeout the client's timeout (the slow-service scenario outlasts it)
   * @param pacer waits between the steps of a playing scenario
   */
  public DemoExtras(
      Timeline timeline,
      FaultPlan faults,
      TaskRunner tasks,
      Clock clock,
      ZoneId zone,
      Duration clientTimeout,
      ScenarioPlayerViewModel.Pacer pacer) {
    this.timelineVm = new FailureTimelineViewModel(timeline, tasks, clock, zone);
    this.timelineView = new FailureTimelineView(timelineVm);
    if (faults == null) {
      this.desk = null;
      this.player = null;
      this.demoView = null;
      return;
    }
    this.desk = new FormDesk(timelineVm, timeline, faults, tasks);
    this.player = new ScenarioPlayerViewModel(desk, pacer, clientTimeout);
    this.demoView =
        new DemoPanelView(
            new DemoPanelViewModel(faults),
            player,
            () -> {
              if (desktop != null) {
                desktop.mainView().selectTab("timelineTab");
              }
            });
    timelineView.root();
    timelineView.showResult(new ScenarioBarView(player).root());
  }

  public FailureTimelineViewModel timeline() {
    return timelineVm;
  }

  public FailureTimelineView timelineView() {
    return timelineView;
  }

  /** The scenario player, or null outside demo mode. */
  public ScenarioPlayerViewModel player() {
    return player;
  }

  @Override
  public void bind(TellerDesktop desktop) {
    this.desktop = desktop;
    TransferFormViewModel form = desktop.form();
    // The timeline follows the transfer the form sends, named after what it moves.
    form.stateProperty()
        .addListener(
            (o, was, now) -> {
              if (now == FormState.SENDING && !form.key().equals(timelineVm.shownKey())) {
                timelineVm.show(form.key(), subject(form), null);
              }
            });
    if (desk != null) {
      desk.attach(desktop);
      desktop.root().sceneProperty().addListener((o, old, scene) -> keys(old, scene));
    }
  }

  private static String subject(TransferFormViewModel form) {
    TransferRequest r = form.sentRequest();
    AccountSummary from = form.from().chosen();
    AccountSummary to = form.to().chosen();
    return "Transfer "
        + form.key().shortForm()
        + (r == null ? "" : " · " + r.amount().format())
        + (from == null || to == null ? "" : " · " + from.holder() + " → " + to.holder());
  }

  /** F5 plays or pauses a demonstration, F6 does its next step, wherever the focus is. */
  private final javafx.event.EventHandler<KeyEvent> playerKeys = this::onKey;

  private void onKey(KeyEvent e) {
    if (e.getCode() == KeyCode.F5 && player.activeProperty().get()) {
      player.togglePlay();
      e.consume();
    } else if (e.getCode() == KeyCode.F6 && player.activeProperty().get()) {
      player.step();
      e.consume();
    }
  }

  private void keys(Scene old, Scene scene) {
    if (old != null) {
      old.removeEventFilter(KeyEvent.KEY_PRESSED, playerKeys);
    }
    if (scene != null) {
      scene.addEventFilter(KeyEvent.KEY_PRESSED, playerKeys);
    }
  }

  @Override
  public Node timelinePanel() {
    return timelineView.root();
  }

  @Override
  public Node demoPanel() {
    return demoView == null ? null : demoView.root();
  }

  @Override
  public void exportTimeline() {
    timelineView.export();
  }

  @Override
  public void newTransfer() {
    timelineVm.clear();
  }
}
