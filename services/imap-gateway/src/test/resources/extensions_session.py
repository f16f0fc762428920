"""SELECT's [UNSEEN n] for IMAP4rev1 sessions and not after ENABLE IMAP4rev2, THREAD (RFC 5256), PREVIEW (RFC 8970),
SAVEDATE (RFC 8514) and BINARY (RFC 3516) through Python's imaplib: messages appended to a new mailbox with an old
internal date, with reply headers and reply subjects, threaded by both algorithms, previewed, and searched by the
date they were saved; then the parts of a message fetched decoded: base64 and quoted-printable, encodings the
server does not know (x-uuencode, uuencode, x-unknown, one with parameters), one in odd case with a comment, an
enclosed message, a multipart and a part the message does not have; then what ENABLE IMAP4rev2 changes in SEARCH
and in names CREATE and RENAME keep in another form (OLDNAME), and LIST's RECURSIVEMATCH. Prints one line per step:
NAME, then what the server answered."""
import base64, datetime, imaplib, ssl, sys, zlib

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl._create_unverified_context()


def show(name, result):
    print(name, repr(result), flush=True)


def message(minute, subject, message_id, references=''):
    fields = ['From: Sender <sender@example.org>', 'To: ' + user, 'Subject: ' + subject,
              'Message-ID: <' + message_id + '@example.org>',
              'Date: Mon, 23 Nov 2026 10:%02d:00 +0000' % minute]
    if references:
        ids = ' '.join('<' + each + '@example.org>' for each in references.split())
        fields += ['In-Reply-To: ' + ids.split()[-1], 'References: ' + ids]
    return ('\r\n'.join(fields) + '\r\n\r\nbody of ' + message_id + '\r\n').encode()


class Deflating(imaplib.IMAP4_SSL):
    """imaplib after COMPRESS DEFLATE (RFC 4978), which imaplib does not know: raw deflate both ways, each command
    flushed whole; the server's octets are inflated as they come. Counts the octets on the wire and inflated."""

    compressing = False
    wire = inflated = 0

    def start_compression(self):
        self.deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.inflater = zlib.decompressobj(-15)
        self.pending = b''
        self.compressing = True

    def send(self, data):
        if self.compressing:
            data = self.deflater.compress(data) + self.deflater.flush(zlib.Z_SYNC_FLUSH)
        super().send(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise imaplib.IMAP4.abort('connection closed')
        self.wire += len(chunk)
        more = self.inflater.decompress(chunk)
        self.inflated += len(more)
        self.pending += more

    def read(self, size):
        if not self.compressing:
            return super().read(size)
        while len(self.pending) < size:
            self._fill()
        out, self.pending = self.pending[:size], self.pending[size:]
        return out

    def readline(self):
        if not self.compressing:
            return super().readline()
        while b'\n' not in self.pending:
            self._fill()
        end = self.pending.index(b'\n') + 1
        out, self.pending = self.pending[:end], self.pending[end:]
        return out


imaplib.Commands['COMPRESS'] = ('AUTH', 'SELECTED')
m = Deflating(host, port, ssl_context=context)
m.login(user, password)
show('CAPABILITY', m.capability())
show('STATUS-APPENDLIMIT', m.status('INBOX', '(APPENDLIMIT)'))
m.create('Threads')
for each in [(0, 'lunch', 'a'), (5, 'Re: lunch', 'b', 'a'), (10, 'other', 'c'), (15, 'Re: lunch', 'd', 'a b'),
             (20, 'Re: gone', 'e', 'missing'), (25, 'Re: gone', 'f', 'missing'), (30, 'Fwd: other', 'g')]:
    m.append('Threads', None, imaplib.Time2Internaldate(datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)),
             message(*each))
m.select('Threads')
show('SELECT-ALL-UNSEEN', m.response('UNSEEN'))
m.store('1:2', '+FLAGS.SILENT', '(\\Seen)')
m.select('Threads')
# RFC 3501 §6.3.1's example shape: "* OK [UNSEEN 12] Message 12 is first unseen"; imaplib keeps the code's number.
show('SELECT-UNSEEN', m.response('UNSEEN'))
show('THREAD-REFERENCES', m.thread('REFERENCES', 'UTF-8', 'ALL'))
show('THREAD-ORDEREDSUBJECT', m.thread('ORDEREDSUBJECT', 'US-ASCII', 'ALL'))
show('UID-THREAD-SUBJECT', m.uid('THREAD', 'REFERENCES', 'UTF-8', 'SUBJECT', 'gone'))
try:
    show('THREAD-CHARSET', m.thread('REFERENCES', 'KOI8-R', 'ALL'))
except imaplib.IMAP4.error as e:
    show('THREAD-CHARSET', str(e))
show('PREVIEW', m.fetch('1', '(PREVIEW)'))
show('PREVIEW-LAZY', m.fetch('3', '(PREVIEW (LAZY))'))
show('SAVEDATE', m.fetch('1', '(INTERNALDATE SAVEDATE)'))
today = datetime.datetime.now(datetime.timezone.utc).strftime('%d-%b-%Y')
show('SEARCH-SAVEDSINCE', m.search(None, 'SAVEDSINCE', today))
show('SEARCH-SAVEDBEFORE', m.search(None, 'SAVEDBEFORE', '1-Jan-2021'))
show('SEARCH-BEFORE', m.search(None, 'BEFORE', '1-Jan-2021'))
show('SEARCH-SAVEDATESUPPORTED', m.search(None, 'SAVEDATESUPPORTED'))
parts = ('Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'
         '--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQF\r\nBgcICQ==\r\n'
         '--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
         'caf=C3=A9 =3D=\r\n ok\r\n'
         '--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 f\r\n'
         '--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: uuencode\r\n\r\nbegin 644 g\r\n'
         '--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: X-Unknown\r\n\r\nopaque\r\n'
         '--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64; charset=us-ascii\r\n\r\nb2Rk\r\n'
         '--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding:  BaSe64 (odd case)\r\n\r\nb2RkIGNhc2U=\r\n'
         '--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n'
         '--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n'
         '--c\r\nContent-Transfer-Encoding: base64\r\n\r\naW5uZXIgcGFydA==\r\n--c--\r\n'
         '--b--\r\n')
m.create('Parts')
m.append('Parts', None, None, parts.encode())
m.select('Parts')
show('BINARY-SIZE', m.fetch('1', '(BINARY.SIZE[1] BINARY.SIZE[2])'))
show('BINARY-BASE64', m.fetch('1', '(BINARY.PEEK[1])'))
show('BINARY-QP-PARTIAL', m.fetch('1', '(BINARY.PEEK[2]<0.4>)'))
show('BINARY-UNSEEN', m.fetch('1', '(FLAGS)'))
show('BINARY-QP', m.fetch('1', '(BINARY[2])'))
show('BINARY-UNKNOWN-CTE', m.fetch('1', '(BINARY.PEEK[3])'))
show('BINARY-UUENCODE', m.fetch('1', '(BINARY.PEEK[4])'))
show('BINARY-SIZE-X-UNKNOWN', m.fetch('1', '(BINARY.SIZE[5])'))
show('BINARY-CTE-PARAMETERS', m.fetch('1', '(BINARY.PEEK[6])'))
show('BINARY-CTE-ODD-CASE', m.fetch('1', '(BINARY.SIZE[7] BINARY.PEEK[7])'))
show('BINARY-MESSAGE', m.fetch('1', '(BINARY.SIZE[8] BINARY.PEEK[8])'))
show('BINARY-MULTIPART', m.fetch('1', '(BINARY.PEEK[9])'))
show('BINARY-NESTED', m.fetch('1', '(BINARY.PEEK[9.1])'))
show('BINARY-MISSING', m.fetch('1', '(BINARY.SIZE[12] BINARY.PEEK[12])'))
# A base64 part of 1.5 MiB, past the octets one FETCH may hold: its decoded size was counted when it was parsed, and
# its octets stream from one read.
large = bytes((i * 7 + 3) % 256 for i in range(1536 * 1024 + 5))
show('APPEND-LARGE', m.append('Parts', None, None, b'Subject: large\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'
         b'--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n'
         + base64.encodebytes(large).replace(b'\n', b'\r\n') + b'--b--\r\n'))
typ, data = m.fetch('2', '(BINARY.SIZE[1] BINARY.PEEK[1])')
show('BINARY-LARGE', (typ, data[0][0], data[0][1] == large))
typ, data = m.fetch('2', '(BINARY.PEEK[1]<1572000.100>)')
show('BINARY-LARGE-PARTIAL', (typ, data[0][0], data[0][1] == large[1572000:1572100]))
show('COMPRESS-OTHER', m._simple_command('COMPRESS', 'LZMA'))
show('COMPRESS', m._simple_command('COMPRESS', 'DEFLATE'))
m.start_compression()
m.select('Threads')
show('COMPRESSED-FETCH', m.fetch('1:7', '(UID ENVELOPE)'))
show('COMPRESSED-BINARY', m.fetch('1', '(BINARY.PEEK[1])'))
try:
    show('COMPRESS-AGAIN', m._simple_command('COMPRESS', 'DEFLATE'))
except imaplib.IMAP4.error as e:
    show('COMPRESS-AGAIN', str(e))
show('COMPRESSED-OCTETS', (m.wire, m.inflated))
m.logout()
# IMAP4rev2 (RFC 9051) dropped [UNSEEN n] from SELECT and EXAMINE.
rev2 = imaplib.IMAP4_SSL(host, port, ssl_context=context)
rev2.login(user, password)
show('ENABLE-IMAP4REV2', rev2.enable('IMAP4rev2'))
rev2.select('Threads')
show('SELECT-IMAP4REV2', rev2.response('UNSEEN'))
rev2.select('Threads', readonly=True)
show('EXAMINE-IMAP4REV2', rev2.response('UNSEEN'))
rev2.logout()
# IMAP4rev2 with UTF-8 names (imaplib sends UTF-8 once UTF8=ACCEPT is enabled): SELECT answers a LIST of the
# mailbox (RFC 9051 §6.3.2) and SEARCH an ESEARCH (§6.4.4); CREATE, RENAME and SELECT report a name kept in NFC
# with the name sent as OLDNAME (§6.3.4, §6.3.6).
names = imaplib.IMAP4_SSL(host, port, ssl_context=context)
names.login(user, password)
show('ENABLE-UTF8', names.enable('IMAP4rev2 UTF8=ACCEPT'))
names.select('Threads')
show('SELECT-LIST', names.response('LIST'))
show('SEARCH-IMAP4REV2', (names.search(None, 'ALL'), names.response('ESEARCH')))
show('CREATE-NFD', (names.create('"Cafe\u0301"'), names.response('LIST')))
show('CREATE-NFC', (names.create('"Th\u00e9"'), names.response('LIST')))
show('RENAME-NFD', (names.rename('"Caf\u00e9"', '"Cafe\u0301s"'), names.response('LIST')))
show('RENAME-INBOX-CASE', (names.rename('"Th\u00e9"', 'inbox/Tea'), names.response('LIST')))
names.select('"Cafe\u0301s"')
show('SELECT-NFD', names.response('LIST'))
# LIST-EXTENDED's RECURSIVEMATCH (RFC 5258 §3.5): Food is not subscribed, Food/Fruit is.
names.create('Food/Fruit')
names.subscribe('Food/Fruit')
typ, data = names._simple_command('LIST', '(SUBSCRIBED RECURSIVEMATCH)', '""', '%')
show('LIST-RECURSIVEMATCH', names._untagged_response(typ, data, 'LIST'))
typ, data = names._simple_command('LIST', '(SUBSCRIBED)', '""', '%')
show('LIST-SUBSCRIBED', names._untagged_response(typ, data, 'LIST'))
names.logout()
rev1 = imaplib.IMAP4_SSL(host, port, ssl_context=context)
rev1.login(user, password)
rev1.select('Threads', readonly=True)
show('EXAMINE-UNSEEN', rev1.response('UNSEEN'))
rev1.select('Threads')
rev1.store('1:*', '+FLAGS.SILENT', '(\\Seen)')
rev1.select('Threads')
show('SELECT-ALL-SEEN', rev1.response('UNSEEN'))
rev1.logout()
print('DONE', flush=True)
