package com.onceteller.desk.timeline;

/** A step of one attempt, and the lane it happens in. */
public enum EventKind {
  SENT(Lane.TELLER, "request sent"),
  REQUEST_LOST(Lane.NETWORK, "request lost on the way"),
  RECEIVED(Lane.SERVICE, "request reached the service"),
  SLOWED(Lane.SERVICE, "service is slow"),
  KEY_CLAIMED(Lane.DATABASE, "key claimed"),
  POSTINGS_WRITTEN(Lane.DATABASE, "postings written (not committed)"),
  CRASHED(Lane.SERVICE, "service crashed"),
  ROLLED_BACK(Lane.DATABASE, "rolled back: nothing kept"),
  COMMITTED(Lane.DATABASE, "committed and synced"),
  REPLAYED(Lane.SERVICE, "answered from the stored outcome"),
  ANSWERED(Lane.SERVICE, "answer sent"),
  RESPONSE_LOST(Lane.NETWORK, "response lost on the way back"),
  ANSWER_RECEIVED(Lane.TELLER, "answer received"),
  TIMED_OUT(Lane.TELLER, "no answer in time"),
  CONNECTION_LOST(Lane.TELLER, "connection lost, no answer");

  private final Lane lane;
  private final String label;

  EventKind(Lane lane, String label) {
    this.lane = lane;
    this.label = label;
  }

  public Lane lane() {
    return lane;
  }

  public String label() {
    return label;
  }
}
