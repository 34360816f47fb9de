package com.onceteller.demo;

import com.onceteller.desk.client.Envelope;
import com.onceteller.desk.client.NoResponseException;
import com.onceteller.desk.client.TransferTransport;
import com.onceteller.desk.timeline.EventKind;
import com.onceteller.desk.timeline.Timeline;
import com.onceteller.domain.TransferOutcome;

/**
 * The network between teller and service, with the faults a trainer arms: the request can be lost
 * before the service sees it, the response lost after the service answered, and the service can
 * crash (the connection resets). Wired only by the app's composition root in demo mode.
 */
public final class FaultInjectingTransport implements TransferTransport {

  private final TransferTransport inner;
  private final FaultPlan plan;
  private final Timeline timeline;

  public FaultInjectingTransport(TransferTransport inner, FaultPlan plan, Timeline timeline) {
    this.inner = inner;
    this.plan = plan;
    this.timeline = timeline;
  }

  @Override
  public TransferOutcome send(Envelope e) throws NoResponseException {
    FaultPlan.Armed armed = plan.take(e);
    try {
      if (armed.fault() == Fault.LOSE_REQUEST) {
        timeline.record(e, EventKind.REQUEST_LOST, "");
        throw new NoResponseException(
            NoResponseException.Kind.CONNECTION_LOST, "The connection dropped: no answer.");
      }
      TransferOutcome answer;
      try {
        answer = inner.send(e);
      } catch (SimulatedCrash crash) {
        throw new NoResponseException(
            NoResponseException.Kind.CONNECTION_LOST,
            "The service went away: connection reset, no answer.");
      }
      if (armed.fault() == Fault.LOSE_RESPONSE) {
        timeline.record(e, EventKind.RESPONSE_LOST, "");
        throw new NoResponseException(
            NoResponseException.Kind.CONNECTION_LOST, "The connection dropped: no answer.");
      }
      timeline.record(e, EventKind.ANSWERED, "");
      return answer;
    } finally {
      plan.spent(e);
    }
  }
}
