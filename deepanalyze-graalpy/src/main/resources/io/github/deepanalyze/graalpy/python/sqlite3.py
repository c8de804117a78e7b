"""sqlite3 for the DeepAnalyze GraalPy sandbox.

A DB-API 2.0 module backed by sqlite-jdbc on the host (the C extension _sqlite3 needs native
access, which the sandbox denies). Database files must lie in the analysis workspace.
Supports connect (files and ':memory:'), cursors, execute/executemany/executescript with
qmark or named parameters, fetchone/fetchmany/fetchall, iteration, description, rowcount,
lastrowid, commit/rollback/close, the context-manager protocol and sqlite3.Row.
"""
import os as _os
import re as _re
import datetime as _datetime

apilevel = '2.0'
threadsafety = 1
paramstyle = 'qmark'
sqlite_version = '3'
sqlite_version_info = (3, 0, 0)
version = '2.6.0'
PARSE_DECLTYPES = 1
PARSE_COLNAMES = 2


class Warning(Exception):
    pass


class Error(Exception):
    pass


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass


_ERRORS = {
    'OperationalError': OperationalError, 'IntegrityError': IntegrityError,
    'InterfaceError': InterfaceError, 'NotSupportedError': NotSupportedError,
    'ProgrammingError': ProgrammingError,
}


def _check(result):
    if result[0] == 'error':
        kind, message = str(result[1]), str(result[2])
        if kind == 'PermissionError':
            raise PermissionError(1, 'Operation not permitted', message)
        raise _ERRORS.get(kind, OperationalError)(message)
    return result


def _value(v):
    if v is None or isinstance(v, (int, float, str)):
        return v
    try:
        return bytes(v)
    except Exception:
        return v


_NAMED = _re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|[:@$]([A-Za-z_][A-Za-z0-9_]*)""")


def _bind(sql, parameters):
    if parameters is None:
        return sql, []
    if isinstance(parameters, dict) or (hasattr(parameters, 'keys') and hasattr(parameters, '__getitem__')):
        names = []

        def repl(m):
            if m.group(1):
                return m.group(1)
            names.append(m.group(2))
            return '?'
        sql = _NAMED.sub(repl, sql)
        try:
            values = [parameters[n] for n in names]
        except KeyError as e:
            raise ProgrammingError('You did not supply a value for binding parameter :%s.' % e.args[0])
        return sql, [_adapt(v) for v in values]
    if isinstance(parameters, (str, bytes)):
        raise ProgrammingError('parameters are of unsupported type')
    return sql, [_adapt(v) for v in parameters]


def _adapt(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, _datetime.datetime):
        return v.isoformat(' ')
    if isinstance(v, _datetime.date):
        return v.isoformat()
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    return v


class Row:
    """A row that can be indexed by position or (case-insensitively) by column name."""

    def __init__(self, cursor, values):
        self._names = [d[0] for d in cursor.description] if cursor.description else []
        self._values = tuple(values)

    def keys(self):
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, (int, slice)):
            return self._values[key]
        lk = str(key).lower()
        for i, n in enumerate(self._names):
            if n.lower() == lk:
                return self._values[i]
        raise IndexError('No item with that key')

    def __len__(self):
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        return isinstance(other, Row) and self._names == other._names and self._values == other._values

    def __hash__(self):
        return hash((tuple(self._names), self._values))

    def __repr__(self):
        return '<sqlite3.Row object>'


class Cursor:
    arraysize = 1

    def __init__(self, connection):
        self.connection = connection
        self.description = None
        self.rowcount = -1
        self.lastrowid = None
        self.row_factory = connection.row_factory
        self._rows = []
        self._pos = 0
        self._closed = False

    def _conn(self):
        if self._closed:
            raise ProgrammingError('Cannot operate on a closed cursor.')
        return self.connection._live()

    def execute(self, sql, parameters=()):
        host = self._conn()
        if not isinstance(sql, str):
            raise TypeError('execute() argument 1 must be str')
        self.row_factory = self.connection.row_factory
        q, values = _bind(sql, parameters)
        result = _check(host.execute(q, values))
        cols = result[1]
        if cols is not None:
            self.description = tuple((str(c), None, None, None, None, None, None) for c in cols)
            self._rows = [tuple(_value(v) for v in row) for row in result[2]]
        else:
            self.description = None
            self._rows = []
        self._pos = 0
        self.rowcount = int(result[3])
        if result[4] is not None:
            self.lastrowid = int(result[4])
        return self

    def executemany(self, sql, seq_of_parameters):
        total = 0
        for params in seq_of_parameters:
            self.execute(sql, params)
            if self.rowcount > 0:
                total += self.rowcount
        self.rowcount = total
        return self

    def executescript(self, sql_script):
        _check(self._conn().executescript(sql_script))
        self.description = None
        self._rows = []
        return self

    def _make(self, row):
        factory = self.row_factory
        return factory(self, row) if factory is not None else row

    def fetchone(self):
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return self._make(row)

    def fetchmany(self, size=None):
        n = self.arraysize if size is None else size
        out = [self._make(r) for r in self._rows[self._pos:self._pos + n]]
        self._pos += len(out)
        return out

    def fetchall(self):
        out = [self._make(r) for r in self._rows[self._pos:]]
        self._pos = len(self._rows)
        return out

    def __iter__(self):
        return self

    def __next__(self):
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def close(self):
        self._closed = True

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass


class Connection:
    Warning = Warning
    Error = Error
    InterfaceError = InterfaceError
    DatabaseError = DatabaseError
    DataError = DataError
    OperationalError = OperationalError
    IntegrityError = IntegrityError
    InternalError = InternalError
    ProgrammingError = ProgrammingError
    NotSupportedError = NotSupportedError

    def __init__(self, host, database):
        self._host = host
        self.database = database
        self.row_factory = None
        self.text_factory = str
        self.isolation_level = ''

    def _live(self):
        if self._host is None:
            raise ProgrammingError('Cannot operate on a closed database.')
        return self._host

    @property
    def in_transaction(self):
        return bool(self._live().inTransaction())

    @property
    def total_changes(self):
        return int(self.execute('SELECT total_changes()').fetchone()[0])

    def cursor(self, factory=Cursor):
        self._live()
        return factory(self)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script):
        return self.cursor().executescript(sql_script)

    def commit(self):
        _check(self._live().commit())

    def rollback(self):
        _check(self._live().rollback())

    def close(self):
        if self._host is not None:
            self._host.close()
            self._host = None

    def create_function(self, *args, **kwargs):
        raise NotSupportedError('create_function is not supported in the DeepAnalyze GraalPy sandbox')

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False


def connect(database, timeout=5.0, detect_types=0, isolation_level='', check_same_thread=True,
            factory=Connection, cached_statements=128, uri=False, **kwargs):
    if isinstance(database, bytes):
        database = database.decode()
    database = _os.fspath(database)
    if database == ':memory:' or database == '':
        path = ':memory:'
    else:
        path = _os.path.abspath(database)
    host = _check_connect(_host.connect(path))
    conn = factory(host, database)
    conn.isolation_level = isolation_level
    return conn


def _check_connect(result):
    if hasattr(result, 'execute'):
        return result
    _check(result)
    raise OperationalError('unable to open database file')


def complete_statement(statement):
    return statement.rstrip().endswith(';')


def register_adapter(type_, adapter):
    pass


def register_converter(name, converter):
    pass
