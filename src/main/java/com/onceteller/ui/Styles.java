package com.onceteller.ui;

/**
 * Style classes of {@code teller.css}. Views add these, never inline colours; the stylesheet maps
 * them to the named colours ({@code -teller-ok}, {@code -teller-danger}, …).
 */
public final class Styles {

  public static final String STYLESHEET = "/com/onceteller/ui/teller.css";

  public static final String STATE_DRAFT = "state-draft";
  public static final String STATE_SENDING = "state-sending";
  public static final String STATE_OK = "state-ok";
  public static final String STATE_REPLAY = "state-replay";
  public static final String STATE_DANGER = "state-danger";
  public static final String STATE_WARN = "state-warn";
  public static final String FIELD_ERROR = "field-error";
  public static final String ERROR_TEXT = "error-text";
  public static final String HINT = "hint";
  public static final String BANNER = "banner";
  public static final String DEMO_BADGE = "demo-badge";
  public static final String PANEL = "panel";
  public static final String PANEL_TITLE = "panel-title";
  public static final String KEY_TEXT = "key-text";
  public static final String MONEY = "money";
  public static final String ROW_POSTED = "row-posted";
  public static final String ROW_REJECTED = "row-rejected";
  public static final String ROW_IN_DOUBT = "row-in-doubt";

  /** All state classes, so a view can remove the previous one. */
  public static final String[] STATES = {
    STATE_DRAFT, STATE_SENDING, STATE_OK, STATE_REPLAY, STATE_DANGER, STATE_WARN
  };

  private Styles() {}
}
