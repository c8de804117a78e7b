"""A read-only openpyxl for the DeepAnalyze GraalPy sandbox, backed by Apache POI on the host.

Real openpyxl needs pyexpat (a C extension) to read, which the sandbox cannot load. This module
offers the reading API model code uses: load_workbook(path, read_only=..., data_only=...),
wb.sheetnames, wb[name], wb.active, wb.worksheets, ws.title, ws.max_row, ws.max_column,
ws.iter_rows(min_row, max_row, min_col, max_col, values_only), ws.rows, ws.values,
ws.cell(row, column).value, ws['A1'].value. Workbooks must lie in the analysis workspace.
Writing is not supported.
"""
import os as _os
import datetime as _datetime

__version__ = '3.1.5-deepanalyze-poi'
_DATE_TAG = '\x00dt:'


class InvalidFileException(Exception):
    pass


def _convert(v):
    if isinstance(v, str) and v.startswith(_DATE_TAG):
        return _datetime.datetime.fromisoformat(v[len(_DATE_TAG):])
    return v


def _column_index(letters):
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def get_column_letter(idx):
    letters = ''
    while idx > 0:
        idx, rem = divmod(idx - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Cell:
    __slots__ = ('row', 'column', 'value')

    def __init__(self, row, column, value):
        self.row = row
        self.column = column
        self.value = value

    @property
    def coordinate(self):
        return get_column_letter(self.column) + str(self.row)

    @property
    def column_letter(self):
        return get_column_letter(self.column)

    def __repr__(self):
        return '<Cell %s>' % self.coordinate


class Worksheet:
    def __init__(self, title, rows):
        self.title = title
        self._rows = [[_convert(v) for v in row] for row in rows]
        self.max_row = len(self._rows)
        self.max_column = max((len(r) for r in self._rows), default=0)
        self.min_row = 1
        self.min_column = 1

    @property
    def dimensions(self):
        if not self.max_row:
            return 'A1:A1'
        return 'A1:%s%d' % (get_column_letter(self.max_column), self.max_row)

    def _value(self, r, c):
        if 1 <= r <= self.max_row and 1 <= c <= len(self._rows[r - 1]):
            return self._rows[r - 1][c - 1]
        return None

    def cell(self, row, column, value=None):
        if value is not None:
            raise TypeError('this openpyxl is read-only in the DeepAnalyze GraalPy sandbox')
        return Cell(row, column, self._value(row, column))

    def __getitem__(self, key):
        if isinstance(key, int):
            return tuple(Cell(key, c, self._value(key, c)) for c in range(1, self.max_column + 1))
        letters = ''.join(ch for ch in key if ch.isalpha())
        digits = ''.join(ch for ch in key if ch.isdigit())
        if not digits:
            c = _column_index(letters)
            return tuple(Cell(r, c, self._value(r, c)) for r in range(1, self.max_row + 1))
        return self.cell(int(digits), _column_index(letters))

    def iter_rows(self, min_row=None, max_row=None, min_col=None, max_col=None, values_only=False):
        r0 = min_row or 1
        r1 = max_row or self.max_row
        c0 = min_col or 1
        c1 = max_col or self.max_column
        for r in range(r0, r1 + 1):
            if values_only:
                yield tuple(self._value(r, c) for c in range(c0, c1 + 1))
            else:
                yield tuple(Cell(r, c, self._value(r, c)) for c in range(c0, c1 + 1))

    def iter_cols(self, min_col=None, max_col=None, min_row=None, max_row=None, values_only=False):
        for c in range((min_col or 1), (max_col or self.max_column) + 1):
            rows = range((min_row or 1), (max_row or self.max_row) + 1)
            if values_only:
                yield tuple(self._value(r, c) for r in rows)
            else:
                yield tuple(Cell(r, c, self._value(r, c)) for r in rows)

    @property
    def rows(self):
        return self.iter_rows()

    @property
    def columns(self):
        return self.iter_cols()

    @property
    def values(self):
        return self.iter_rows(values_only=True)

    def __iter__(self):
        return self.iter_rows()

    def __repr__(self):
        return '<Worksheet "%s">' % self.title


class Workbook:
    def __init__(self, sheets):
        self.worksheets = sheets
        self.read_only = True
        self.data_only = True

    @property
    def sheetnames(self):
        return [ws.title for ws in self.worksheets]

    def get_sheet_names(self):
        return self.sheetnames

    @property
    def active(self):
        return self.worksheets[0] if self.worksheets else None

    def __getitem__(self, name):
        for ws in self.worksheets:
            if ws.title == name:
                return ws
        raise KeyError('Worksheet {0} does not exist.'.format(name))

    def __contains__(self, name):
        return name in self.sheetnames

    def __iter__(self):
        return iter(self.worksheets)

    def close(self):
        pass


def load_workbook(filename, read_only=False, keep_vba=False, data_only=False, keep_links=True, rich_text=False):
    if hasattr(filename, 'read'):
        raise InvalidFileException('this openpyxl reads workbooks from file paths only')
    path = _os.path.abspath(_os.fspath(filename))
    result = _host.load(path, bool(data_only))
    if result[0] == 'error':
        kind, message = str(result[1]), str(result[2])
        if kind == 'PermissionError':
            raise PermissionError(1, 'Operation not permitted', message)
        if kind == 'FileNotFoundError':
            raise FileNotFoundError(2, 'No such file or directory', _os.fspath(filename))
        raise InvalidFileException(message)
    wb = Workbook([Worksheet(str(s[0]), s[1]) for s in result[1]])
    wb.read_only = bool(read_only)
    wb.data_only = bool(data_only)
    return wb
