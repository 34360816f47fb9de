package com.onceteller.ui.demo;

import com.onceteller.demo.FaultPlan;
import com.onceteller.demo.ScenarioRunner;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.ui.TaskRunner;
import com.onceteller.ui.TellerDesktop;
import com.onceteller.ui.timeline.FailureTimelineView;
import com.onceteller.ui.timeline.FailureTimelineViewModel;
import javafx.scene.Node;

/**
 * The failure timeline (always) and the demonstration panel (only with a fault plan, i.e. demo
 * mode), as extras of the teller desktop.
 */
public final class DemoExtras implements TellerDesktop.Extras {

  private final FailureTimelineViewModel timelineVm;
  private final FailureTimelineView timelineView;
  private final DemoPanelView demoView;
  private TellerDesktop desktop;

  public DemoExtras(
      Timeline timeline,
      FaultPlan faults,
      ScenarioRunner runner,
      TaskRunner tasks,
      java.time.Clock clock,
      java.time.ZoneId zone) {
    this.timelineVm = new FailureTimelineViewModel(timeline, tasks, clock, zone);
    this.timelineView = new FailureTimelineView(timelineVm);
    if (faults != null && runner != null) {
      DemoPanelViewModel demoVm =
          new DemoPanelViewModel(
              faults,
              runner,
              tasks,
              key -> {
                timelineVm.show(key, null, null);
                if (desktop != null) {
                  desktop.accounts().refresh();
                  desktop.mainView().selectTab("timelineTab");
                }
              });
      this.demoView = new DemoPanelView(demoVm);
    } else {
      this.demoView = null;
    }
  }

  public FailureTimelineViewModel timeline() {
    return timelineVm;
  }

  public FailureTimelineView timelineView() {
    return timelineView;
  }

  @Override
  public void bind(TellerDesktop desktop) {
    this.desktop = desktop;
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
