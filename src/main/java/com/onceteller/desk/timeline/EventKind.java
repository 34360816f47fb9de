package com.onceteller.desk.timeline;

/** A step of one attempt, and the lane it happens in. Its words come from {@link Words}. */
public enum EventKind {
  SENT(Lane.TELLER),
  REQUEST_LOST(Lane.NETWORK),
  RECEIVED(Lane.SERVICE),
  SLOWED(Lane.SERVICE),
  KEY_CLAIMED(Lane.DATABASE),
  POSTINGS_WRITTEN(Lane.DATABASE),
  CRASHED(Lane.SERVICE),
  ROLLED_BACK(Lane.DATABASE),
  COMMITTED(Lane.DATABASE),
  REPLAYED(Lane.SERVICE),
  ANSWERED(Lane.SERVICE),
  RESPONSE_LOST(Lane.NETWORK),
  ANSWER_RECEIVED(Lane.TELLER),
  TIMED_OUT(Lane.TELLER),
  CONNECTION_LOST(Lane.TELLER);

  private final Lane lane;

  EventKind(Lane lane) {
    this.lane = lane;
  }

  public Lane lane() {
    return lane;
  }

  /** Steps inside the service or database (between the request arriving and the answer). */
  public boolean insideService() {
    return lane == Lane.SERVICE || lane == Lane.DATABASE;
  }
}
