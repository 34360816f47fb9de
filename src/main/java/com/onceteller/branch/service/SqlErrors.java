package com.onceteller.branch.service;

import java.sql.SQLException;

/** Classifies database failures by SQLSTATE / vendor code, portable between H2 and PostgreSQL. */
final class SqlErrors {

  enum Kind {
    DUPLICATE_KEY,
    LOCK_TIMEOUT,
    /**
     * PostgreSQL serialization failure (40001) or deadlock (40P01): the transaction was rolled back
     * as a whole and running it again may succeed.
     */
    SERIALIZATION,
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
        // H2: 50200 lock timeout (HYT00), 40001 deadlock (error code 40001); PostgreSQL: 55P03.
        if (code == 50200 || "HYT00".equals(state) || "55P03".equals(state)) {
          return Kind.LOCK_TIMEOUT;
        }
        if ("40001".equals(state) || "40P01".equals(state) || code == 40001) {
          return Kind.SERIALIZATION;
        }
      }
    }
    return Kind.OTHER;
  }
}
