package com.onceteller.branch.service;

import java.sql.SQLException;

/** Classifies database failures by SQLSTATE / vendor code, portable between H2 and PostgreSQL. */
final class SqlErrors {

  enum Kind {
    DUPLICATE_KEY,
    LOCK_TIMEOUT,
    OTHER
  }

  private SqlErrors() {}

  static Kind classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        if ("23505".equals(state) || code == 23505) {
          return Kind.DUPLICATE_KEY;
        }
        // H2: 50200 lock timeout (HYT00), 40001 deadlock; PostgreSQL: 55P03, 40P01, 40001.
        if (code == 50200
            || "HYT00".equals(state)
            || "55P03".equals(state)
            || "40P01".equals(state)
            || "40001".equals(state)) {
          return Kind.LOCK_TIMEOUT;
        }
      }
    }
    return Kind.OTHER;
  }
}
