package com.onceteller.branch.ledger;

import java.sql.SQLException;

/** Turns driver and pool failures at open time into messages a teller or trainer can act on. */
final class DatabaseErrors {

  // H2 error codes (org.h2.api.ErrorCode), spelled out to keep the mapping readable.
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;
  private static final int H2_FILE_CORRUPTED = 90030;
  private static final int H2_FILE_VERSION_ERROR = 90048;
  private static final int H2_FILE_CREATION_FAILED = 90061;
  private static final int H2_IO_EXCEPTION = 90028;
  private static final int H2_IO_EXCEPTION_2 = 90031;
  private static final int H2_GENERAL = 50000;
  private static final int H2_ACCESS_DENIED = 90096;

  private DatabaseErrors() {}

  static DatabaseOpenException inUse(DatabaseSettings settings, Throwable cause) {
    return new DatabaseOpenException(
        DatabaseOpenException.Reason.IN_USE,
        "OnceTeller is already open on this database ("
            + settings.displayName()
            + "). Close the other window first.",
        cause);
  }

  static DatabaseOpenException translate(DatabaseSettings settings, RuntimeException e) {
    if (e instanceof DatabaseOpenException doe) {
      return doe;
    }
    SQLException sql = findSqlException(e);
    String where = settings.displayName();
    if (sql != null) {
      String text = String.valueOf(sql.getMessage());
      switch (sql.getErrorCode()) {
        case H2_DATABASE_ALREADY_OPEN:
          return new DatabaseOpenException(
              DatabaseOpenException.Reason.IN_USE,
              "OnceTeller is already open on this database ("
                  + where
                  + "). Close the other window first.",
              e);
        case H2_FILE_CORRUPTED:
        case H2_FILE_VERSION_ERROR:
          return new DatabaseOpenException(
              DatabaseOpenException.Reason.CORRUPT,
              "The database file "
                  + where
                  + " is damaged or not an OnceTeller database. It was left untouched;"
                  + " restore it from a backup or choose another file.",
              e);
        case H2_IO_EXCEPTION:
        case H2_IO_EXCEPTION_2:
          if (isDamagedStore(e)) {
            // Readable file, but the store ends early or its pages do not make sense.
            return new DatabaseOpenException(
                DatabaseOpenException.Reason.CORRUPT,
                "The database file "
                    + where
                    + " is damaged (it is cut short or its contents do not make sense). It was"
                    + " left untouched; restore it from a backup or choose another file.",
                e);
          }
          return new DatabaseOpenException(
              DatabaseOpenException.Reason.NOT_ACCESSIBLE,
              "The database " + where + " cannot be read or written: " + firstLine(text),
              e);
        case H2_FILE_CREATION_FAILED:
        case H2_ACCESS_DENIED:
          return new DatabaseOpenException(
              DatabaseOpenException.Reason.NOT_ACCESSIBLE,
              "The database " + where + " cannot be read or written: " + firstLine(text),
              e);
        case H2_GENERAL:
          if (text.contains("locked") || text.contains("in use")) {
            return new DatabaseOpenException(
                DatabaseOpenException.Reason.IN_USE,
                "OnceTeller is already open on this database ("
                    + where
                    + "). Close the other window first.",
                e);
          }
          return new DatabaseOpenException(
              DatabaseOpenException.Reason.CORRUPT,
              "The database file "
                  + where
                  + " could not be read ("
                  + firstLine(text)
                  + "). It was left untouched.",
              e);
        default:
          break;
      }
    }
    return new DatabaseOpenException(
        DatabaseOpenException.Reason.OTHER,
        "The database " + where + " could not be opened: " + firstLine(rootMessage(e)),
        e);
  }

  private static boolean isDamagedStore(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.io.EOFException || c instanceof org.h2.mvstore.MVStoreException) {
        return true;
      }
    }
    return false;
  }

  private static SQLException findSqlException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return String.valueOf(c.getMessage());
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
