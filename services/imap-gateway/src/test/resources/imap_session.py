"""Drives the IMAP gateway with Python's imaplib through every command it carries out, and IDLE over a
raw TLS socket (imaplib of Python 3.11 has no IDLE). Prints one line per step: NAME, then what the
server answered; the integration test reads them."""
import imaplib, re, socket, ssl, sys, time

host, port, tls_port, user, password = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
context = ssl._create_unverified_context()
# RFC 2971 ID, which imaplib does not know.
imaplib.Commands['ID'] = ('NONAUTH', 'AUTH', 'SELECTED')


def show(name, result):
    print(name, repr(result), flush=True)


def step(name, call):
    try:
        show(name, call())
    except Exception as e:
        print(name, 'ERROR', repr(e), flush=True)


def raw(m, name, *args):
    """A command imaplib has no method for; its untagged responses as they came."""
    typ, data = m._simple_command(name, *args)
    untagged = {k: v for k, v in m.untagged_responses.items()}
    m.untagged_responses.clear()
    return typ, data, untagged


m = imaplib.IMAP4(host, port)
step('CAPABILITY-PLAIN', lambda: m.capabilities)
step('LOGIN-PLAIN', lambda: m.login(user, password))
step('STARTTLS', lambda: m.starttls(ssl_context=context))
step('CAPABILITY-TLS', lambda: m.capabilities)
step('LOGIN-WRONG', lambda: m.login(user, 'wrong password'))
step('LOGIN', lambda: m.login(user, password))
step('CAPABILITY-AUTH', lambda: m.capability())
step('ID', lambda: raw(m, 'ID', '("name" "imaplib")'))
step('NAMESPACE', lambda: m.namespace())
step('ENABLE', lambda: raw(m, 'ENABLE', 'CONDSTORE'))
step('NOOP', lambda: m.noop())
step('CREATE', lambda: m.create('Work/Projects'))
step('CREATE-EXISTS', lambda: m.create('Work/Projects'))
step('CREATE-USE', lambda: raw(m, 'CREATE', 'Sent', '(USE (\\Sent))'))
step('SUBSCRIBE', lambda: m.subscribe('Work/Projects'))
step('LSUB', lambda: m.lsub('""', '*'))
step('UNSUBSCRIBE', lambda: m.unsubscribe('Work/Projects'))
step('RENAME', lambda: m.rename('Work/Projects', 'Work/Done'))
step('LIST', lambda: m.list('""', '*'))
step('LIST-PERCENT', lambda: m.list('""', '%'))
step('LIST-EXTENDED', lambda: raw(m, 'LIST', '(SPECIAL-USE)', '""', '"*"', 'RETURN (SPECIAL-USE STATUS (MESSAGES))'))
step('STATUS', lambda: m.status('INBOX', '(MESSAGES UIDNEXT UIDVALIDITY UNSEEN SIZE DELETED)'))
step('STATUS-MISSING', lambda: m.status('Nowhere', '(MESSAGES)'))
step('GETQUOTAROOT', lambda: m.getquotaroot('INBOX'))
step('GETQUOTA', lambda: m.getquota('""'))
step('SELECT', lambda: (m.select('INBOX'), m.untagged_responses.copy()))
m.untagged_responses.clear()
step('FETCH-META', lambda: m.fetch('1:*', '(FLAGS UID INTERNALDATE RFC822.SIZE ENVELOPE)'))
step('FETCH-STRUCTURE', lambda: m.fetch('2', '(BODYSTRUCTURE BODY)'))
step('FETCH-SECTIONS', lambda: m.fetch('2', '(BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[]<0.20>)'))
step('FETCH-RFC822', lambda: m.fetch('1', '(RFC822.HEADER RFC822.SIZE)'))
step('FETCH-LARGE', lambda: [len(part[1]) for part in m.fetch('3', '(BODY.PEEK[])')[1] if isinstance(part, tuple)])
step('FETCH-PARTIAL', lambda: m.fetch('3', '(BODY.PEEK[TEXT]<100000.16>)'))
step('SEARCH-UNSEEN', lambda: m.search(None, 'UNSEEN'))
step('FETCH-SEEN', lambda: m.fetch('1', '(BODY[TEXT])'))
step('SEARCH-SEEN', lambda: m.search(None, 'SEEN'))
step('STORE', lambda: m.store('1', '+FLAGS', '(\\Flagged $Work)'))
step('STORE-SILENT', lambda: m.store('1', '-FLAGS.SILENT', '($Work)'))
step('UID-STORE', lambda: m.uid('STORE', '2', '+FLAGS', '(\\Answered)'))
step('SEARCH-FLAGGED', lambda: m.search(None, 'FLAGGED'))
step('SEARCH-SUBJECT', lambda: m.search(None, 'SUBJECT', 'parts'))
step('SEARCH-BODY', lambda: m.search(None, 'BODY', 'second'))
step('SEARCH-OR', lambda: m.search(None, 'OR', 'ANSWERED', 'LARGER', '100000'))
step('UID-SEARCH-ESEARCH', lambda: raw(m, 'UID', 'SEARCH', 'RETURN', '(MIN MAX COUNT)', 'ALL'))
step('COPY', lambda: m.copy('1', 'Work/Done'))
step('MOVE', lambda: raw(m, 'MOVE', '2', 'Trash'))
step('APPEND', lambda: m.append('INBOX', '(\\Draft)', None,
                                b'From: me@example.org\r\nSubject: appended\r\n\r\nappended body\r\n'))
step('NOOP-SELECTED', lambda: (m.noop(), m.untagged_responses.copy()))
m.untagged_responses.clear()
step('STORE-DELETED', lambda: m.store('1', '+FLAGS.SILENT', '(\\Deleted)'))
step('EXPUNGE', lambda: m.expunge())
step('UID-EXPUNGE', lambda: m.uid('EXPUNGE', '1:*'))
step('CHECK', lambda: m.check())
step('UNSELECT', lambda: m.unselect())
step('EXAMINE', lambda: m.select('Work/Done', readonly=True))
step('STORE-READONLY', lambda: m.store('1', '+FLAGS', '(\\Seen)'))
step('SELECT-DONE', lambda: m.select('Work/Done'))
step('CLOSE', lambda: m.close())
step('DELETE', lambda: m.delete('Work/Done'))
step('DELETE-INBOX', lambda: m.delete('INBOX'))

# IDLE on one connection (implicit TLS, raw socket); a second connection appends and flags meanwhile.
s = context.wrap_socket(socket.create_connection((host, tls_port), timeout=20))
f = s.makefile('rb')
f.readline()


def send(line):
    s.sendall(line.encode() + b'\r\n')


def until(tag):
    lines = []
    while True:
        line = f.readline().decode()
        lines.append(line.strip())
        if line.startswith(tag + ' '):
            return lines


send('i1 LOGIN "%s" "%s"' % (user, password))
until('i1')
send('i2 SELECT INBOX')
until('i2')
send('i3 IDLE')
print('IDLE-START', f.readline().decode().strip(), flush=True)
other = imaplib.IMAP4_SSL(host, tls_port, ssl_context=context)
other.login(user, password)
started = time.monotonic()
other.append('INBOX', None, None, b'Subject: pushed\r\n\r\npushed\r\n')
print('IDLE-PUSH', f.readline().decode().strip(), flush=True)
print('IDLE-SECONDS', round(time.monotonic() - started, 1), flush=True)
other.select('INBOX')
other.store('1', '+FLAGS', '(\\Flagged)')
line = f.readline().decode()
while 'FETCH' not in line:
    line = f.readline().decode()
print('IDLE-FLAGS', line.strip(), flush=True)
other.logout()
send('DONE')
print('IDLE-DONE', until('i3')[-1], flush=True)
send('i4 LOGOUT')
print('LOGOUT', until('i4')[-1], flush=True)
step('LOGOUT-IMAPLIB', lambda: m.logout())
