#!/usr/bin/env python3
"""Builds eval/extraction/{dev,test}.jsonl from the real samples in ../shared/fixtures, with hand-written labels.

Hand-labelled by one engineer (not double-annotated) on 2026-11-25; see eval/README.md for the rules followed.
Run from the repository root: python3 eval/extraction/build-from-fixtures.py
"""
import email.utils, glob, json, mailbox, os, re
from email.header import decode_header, make_header

FIXTURES = os.path.join(os.path.dirname(__file__), '../../../shared/fixtures')
OUT = os.path.dirname(os.path.abspath(__file__))


def mail_body(message):
    parts = message.walk() if message.is_multipart() else [message]
    for part in parts:
        if part.get_content_type() == 'text/plain':
            try:
                return part.get_payload(decode=True).decode(part.get_content_charset() or 'utf-8', 'replace')
            except Exception:
                return str(part.get_payload())
    return ''


def strip_quotes(body):
    lines = []
    for line in body.split('\n'):
        if line.startswith('>'):
            continue
        if re.match(r'^On .* wrote:\s*$', line) or re.match(r'^-- ?$', line) or line.startswith('-' * 60):
            break
        lines.append(line)
    return re.sub(r'\n{3,}', '\n\n', '\n'.join(lines)).strip()


def mailing_list_threads():
    """Threads of 2-6 messages (by normalised subject) from the Apache mailing-list archives, in file order."""
    threads = {}
    for name in ['httpd-users-2020-07.mbox', 'asterix-dev-201709-mailarchivesao.mbox', 'httpd-users-200606-part.mbox']:
        for message in mailbox.mbox(os.path.join(FIXTURES, 'email/apache_mailing_list_mbox', name)):
            subject = str(make_header(decode_header(message['subject'] or ''))).replace('\n', ' ')
            key = re.sub(r'^(\s*(re|fwd?|aw)\s*:\s*)+', '', subject, flags=re.I).strip().lower()
            sender = email.utils.parseaddr(str(make_header(decode_header(message['from'] or ''))))
            sent_at = email.utils.parsedate_to_datetime(message['date']).astimezone().isoformat()
            threads.setdefault((name, key), []).append(
                {'author': sender[0] or sender[1], 'sentAt': sent_at, 'content': strip_quotes(mail_body(message))[:1500]})
    return [(name, key, messages) for (name, key), messages in threads.items() if 2 <= len(messages) <= 6]


# Thread index -> (action items as lists of 1-based message numbers, noise message numbers). Empty messages
# (only quoted text) are dropped from the conversation. Information questions ("how do I ...?", "please advise")
# are not action items; instructions, suggestions to do something concrete, requests and commitments are.
EMAIL_LABELS = {
    0: ([[1, 2]], []), 1: ([[1, 2]], []), 2: ([[2]], []), 3: ([], []), 4: ([[2]], []), 5: ([], []),
    6: ([[2]], []), 7: ([], [3]), 8: ([[2]], []), 9: ([[1]], []), 10: ([], []), 11: ([[2]], []),
    12: ([], [2, 3]), 13: ([], []), 14: ([], [2]), 15: ([[1, 3]], []), 16: ([[4]], []), 17: ([], [2]),
    18: ([], []), 19: ([], [3]), 20: ([[1, 2]], []), 21: ([[3]], []), 22: ([], [2, 3]), 23: ([[1, 2]], []),
    24: ([], []), 25: ([[2], [3]], []), 26: ([[2]], []), 27: ([[2]], []), 28: ([[4], [6]], []), 29: ([], [2]),
    30: ([[1, 2]], [2]),
}
EMAIL_TITLES = {
    (0, 0): 'Block unwanted countries by IP ranges or domain suffixes', (1, 0): 'Test user certificates on a separate instance before use',
    (2, 0): 'Shorten the balancer route names below 64 characters', (4, 0): 'Put per-site dev config in a file included with IncludeOptional',
    (6, 0): 'Set up a daily graceful restart with a cron job', (8, 0): 'Make sure httpd builds and loads the intended OpenSSL',
    (9, 0): 'Do a graceful reload after mod_md obtains the certificate', (11, 0): 'Use /server-status instead of netstat',
    (15, 0): 'Switch Apache 2.2 from mod_ssl to mod_nss for TLS 1.2', (16, 0): 'Query an SQL/LDAP backend or deploy .htpasswd with a tool',
    (20, 0): 'Review the entity-locks wiki entry', (21, 0): 'Set isMap() true for IndexInsertDeleteUpsert and Tokenize operators',
    (23, 0): 'Review the LSM storage refactoring patch', (25, 0): 'Run mvn clean install in asterix-runtime, then retry',
    (25, 1): 'Explain in the dev-setup page why the build step precedes IDE setup', (26, 0): 'Run git asf commit <SHA> after each merged Gerrit change',
    (27, 0): 'Implement a custom aggregate function for the intersect component ids', (28, 0): 'Try the latest Oracle Java 8',
    (28, 1): 'Run mvn clean install and refresh the Eclipse workspace after switching branches', (30, 0): 'Remove the sender from the mailing list',
}

# Knowledge items (added 2026-12-07): thread index -> [(atom type, 1-based message numbers)]. An atom only when it
# carries content someone could reuse: a problem together with its solution or answer, a decision with its reason,
# an explanation. Never a bare question, an announcement, a greeting or a +1. Threads not listed have none.
EMAIL_KNOWLEDGE = {
    0: [('solution', [2])], 1: [('solution', [1, 2])], 2: [('solution', [1, 2])], 3: [('solution', [1, 2, 5])],
    4: [('solution', [1, 2])], 8: [('solution', [1, 3])], 9: [('insight', [1])], 11: [('solution', [1, 2, 4])],
    13: [('solution', [1, 2])], 15: [('solution', [1, 3])], 16: [('solution', [1, 4])], 17: [('insight', [1])],
    19: [('solution', [1, 3])], 21: [('insight', [3])], 22: [('solution', [1])], 25: [('solution', [1, 2])],
    26: [('solution', [1, 2])], 27: [('solution', [1, 2])], 28: [('solution', [1, 6])], 29: [('decision', [1])],
}


def telegram_text(message):
    text = message.get('text', '')
    return text if isinstance(text, str) else ''.join(p if isinstance(p, str) else p.get('text', '') for p in text)


# Knowledge items of the chats: conversation id -> [(atom type, message ids or 1-based Slack positions)].
CHAT_KNOWLEDGE = {
    'telegram-disable-service-gcp-ingress': [('solution', ['269047', '269069'])],
    'telegram-database-isolation-level': [('insight', ['235882', '235883', '235884', '235885', '235886'])],
    'telegram-praktik-load-balancer': [('solution', ['262570', '262577', '262580', '262581'])],
    'slack-enrique/2016-03-17.json': [('decision', [6, 10])],
}

# Telegram (tgif, Indonesian developer chats): chat -> (number of leading messages, items, noise message ids).
TELEGRAM_LABELS = {
    'coorporate-speak': (14, [], [10823, 10824, 10825, 10826, 10828, 10829, 10830, 10831, 10832, 10833, 10834]),
    'disable-service-gcp-ingress': (14, [([269069], 'Use a single LoadBalancer service (the ingress controller)')], [269062, 269087]),
    'praktik-load-balancer': (14, [], [262576, 262578]),
    'database-isolation-level': (14, [], [235877, 235878, 235879, 235880, 235881]),
}

# Slack (slack-export-viewer test archive): day files -> (items as message positions with titles, noise positions).
SLACK_LABELS = {
    ('enrique/2016-01-14.json', 'enrique/2016-01-15.json', 'enrique/2016-01-16.json'):
        ([([1, 2, 8], 'Write a setup.py that installs the executor')], []),
    ('enrique/2016-02-07.json',): ([([5, 6], 'Write a couple of unit tests for traveling-sailor')], []),
    ('enrique/2016-03-17.json',): ([], [12]),
    ('traveling-sailor/2016-03-25.json', 'traveling-sailor/2016-03-26.json'): ([], [6]),
}


# Added 2026-12-07 (issue 20): longer threads, bot notifications, a support conversation and unanswered questions.
# Appended after the first 39 so that their split stays as it was. Thread subject -> (items, noise, knowledge) with
# 1-based message numbers in the thread (empty, quote-only messages are dropped but keep their number).
LONG_THREADS = {
    ('asterix-dev-201709-mailarchivesao.mbox', 'time to deprecate aql?'): (
        [([8, 9], 'Discuss moving AQL+ to SQL++ or retiring it')], [2, 3, 4, 5, 6], [('decision', [1, 6])]),
    ('httpd-users-2020-07.mbox', '[users@httpd] checking if mpm is working'): (
        [([2], 'Look in mods-enabled for the MPM file'), ([3, 6], 'Invoke apachectl instead of apache2'),
         ([7], 'Check that APACHE_RUN_DIR from envvars exists')], [], [('solution', [1, 3, 6])]),
    ('httpd-users-2020-07.mbox', '[users@httpd] failure to start apache2 after ssl cert update.'): (
        [([5], 'Check the certificate files for malformed chains and raise the log level'),
         ([6], 'Set the log level to debug and run apachectl -t'), ([12], 'Check that certificate and key moduli match'),
         ([13], 'Remove SSL from the mismatched host until the certificate and key are redone')], [], [('solution', [1, 12, 13])]),
    ('httpd-users-2020-07.mbox', '[users@httpd] client removal of .htaccess file'): (
        [([4], 'Ask the hosting provider to remove the .htaccess file'), ([7, 9], 'Ask on the LiteSpeed forum and StableHost')],
        [], [('solution', [1, 3])]),
}
UNANSWERED = ['error on slotmem mod_proxy out of space.', 'tuning the number of connections and processes',
              'which proxy modules are required for proxying websocket connection', 'mod_proxyhealthcheck',
              'enable auth module in apache/2.4.6', 'returning customized error message when limitrequestline value exc']


def mail_threads(name):
    threads = {}
    for message in mailbox.mbox(os.path.join(FIXTURES, 'email/apache_mailing_list_mbox', name)):
        subject = str(make_header(decode_header(message['subject'] or ''))).replace('\n', ' ')
        key = re.sub(r'^(\s*(re|fwd?|aw)\s*:\s*)+', '', subject, flags=re.I).strip().lower()
        sender = email.utils.parseaddr(str(make_header(decode_header(message['from'] or ''))))
        threads.setdefault(key, []).append({'subject': subject, 'author': sender[0] or sender[1],
            'sentAt': email.utils.parsedate_to_datetime(message['date']).astimezone().isoformat(),
            'content': strip_quotes(mail_body(message))[:1500]})
    return threads


def added_conversations():
    conversations = []
    for (name, key), (items, noise, knowledge) in LONG_THREADS.items():
        messages = mail_threads(name)[key]
        ids = {n: f'long-{len(conversations)}-m{n}' for n, m in enumerate(messages, 1) if m['content'].strip()}
        conversations.append({
            'id': f'email-long-{len(conversations)}', 'source': f'email/apache_mailing_list_mbox/{name}: {key}',
            'messages': [{'id': ids[n], 'author': m['author'], 'sentAt': m['sentAt'], 'content': m['content']}
                         for n, m in enumerate(messages, 1) if n in ids],
            'action_items': [{'title': title, 'source_message_ids': [ids[n] for n in numbers]} for numbers, title in items],
            'noise_labels': {i: ('noise' if n in noise else 'signal') for n, i in ids.items()},
            'knowledge_items': [{'type': t, 'source_message_ids': [ids[n] for n in numbers]} for t, numbers in knowledge],
        })
    # The build server's notifications (subject + body, as an e-mail import shows them): nothing to do, nothing to keep.
    jenkins = [m for key, thread in mail_threads('asterix-dev-201709-mailarchivesao.mbox').items() if key.startswith('jenkins build')
               for m in thread]
    jenkins.sort(key=lambda m: m['sentAt'])
    conversations.append({
        'id': 'email-jenkins-notifications', 'source': 'email/apache_mailing_list_mbox/asterix-dev-201709-mailarchivesao.mbox: Jenkins builds',
        'messages': [{'id': f'jenkins-m{n}', 'author': m['author'], 'isBot': True, 'sentAt': m['sentAt'],
                      'content': m['subject'] + '\n\n' + m['content']} for n, m in enumerate(jenkins, 1)],
        'action_items': [], 'knowledge_items': [],
        'noise_labels': {f'jenkins-m{n}': 'signal' for n in range(1, len(jenkins) + 1)},
    })
    # Questions nobody answered in the archive: information requests, so neither tasks nor knowledge.
    threads = mail_threads('httpd-users-2020-07.mbox')
    singles = [threads[key][0] for key in threads for wanted in UNANSWERED if key == '[users@httpd] ' + wanted]
    conversations.append({
        'id': 'email-unanswered-questions', 'source': 'email/apache_mailing_list_mbox/httpd-users-2020-07.mbox: single-message threads',
        'messages': [{'id': f'single-m{n}', 'author': m['author'], 'sentAt': m['sentAt'], 'content': m['subject'] + '\n\n' + m['content']}
                     for n, m in enumerate(singles, 1)],
        'action_items': [], 'knowledge_items': [],
        'noise_labels': {f'single-m{n}': 'signal' for n in range(1, len(singles) + 1)},
    })
    # A Chatwoot e-mail conversation (support inbox): the quotation and the samples were asked for and sent; the last
    # question is still open.
    chat = json.load(open(os.path.join(FIXTURES, 'chatwoot_api/chatwoot_frontend_message_fixtures/emailConversation.messages.json')))
    names = {0: 'Alex', 1: 'Sam (CottonMart)'}
    conversations.append({
        'id': 'chatwoot-email-quotation', 'source': 'chatwoot_api/chatwoot_frontend_message_fixtures/emailConversation.messages.json',
        'messages': [{'id': str(m['id']), 'author': names.get(m.get('message_type'), 'agent'),
                      'sentAt': __import__('datetime').datetime.fromtimestamp(m['created_at'], __import__('datetime').timezone.utc).isoformat(),
                      'content': m.get('content') or ''} for m in chat],
        'action_items': [{'title': 'Tell Alex which other fabric finishes are available', 'source_message_ids': [str(chat[4]['id'])]}],
        'knowledge_items': [],
        'noise_labels': {str(m['id']): 'signal' for m in chat},
    })
    return conversations + more_conversations()


def utc(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat()


def labelled(conversation_id, source, messages, items, noise, knowledge):
    """messages: [(author, sentAt, content, is_bot)]; items [(numbers, title)], noise numbers, knowledge [(type, numbers)],
    all 1-based positions in `messages`."""
    ids = [f'{conversation_id}-m{n}' for n in range(1, len(messages) + 1)]
    return {
        'id': conversation_id, 'source': source,
        'messages': [{'id': ids[n], 'author': a, 'sentAt': t, 'content': c, **({'isBot': True} if bot else {})}
                     for n, (a, t, c, bot) in enumerate(messages)],
        'action_items': [{'title': title, 'source_message_ids': [ids[n - 1] for n in numbers]} for numbers, title in items],
        'noise_labels': {ids[n - 1]: ('noise' if n in noise else 'signal') for n in range(1, len(messages) + 1)},
        'knowledge_items': [{'type': t, 'source_message_ids': [ids[n - 1] for n in numbers]} for t, numbers in knowledge],
    }


# Added 2026-12-07 (issue 20, second session), labelled by rules v2 before the analyser was run on them: GitHub
# pull-request and issue conversations and two more Chatwoot support conversations. Appended, so the split of the
# first 46 stays; they alternate between dev and test like the rest. Chatwoot activity messages (message_type 2, 3:
# "John self-assigned this conversation") and empty attachment-only messages are left out.
def more_conversations():
    out = []
    base = os.path.join(FIXTURES, 'chatwoot_api/chatwoot_frontend_message_fixtures')
    def chatwoot(file):
        rows = []
        for m in json.load(open(os.path.join(base, file))):
            if m.get('message_type') in (2, 3) or not (m.get('content') or '').strip():
                continue
            sender = m.get('sender') if isinstance(m.get('sender'), dict) else {}
            rows.append((sender.get('name') or ('customer' if m.get('message_type') == 0 else 'agent'), utc(m['created_at']), m['content'], False))
        return rows
    # Repair request: the screen replacement John commits to is open at the end, and so is the customer's plan to
    # send the laptop; the discount is a decision with its reason; the image request and "is this covered?" were answered.
    repair = chatwoot('textWithMedia.messages.json')
    assert repair[3][2].startswith('I dropped my laptop') and repair[9][2].startswith('This document suggests'), repair[3]
    out.append(labelled('chatwoot-repair', 'chatwoot_api/chatwoot_frontend_message_fixtures/textWithMedia.messages.json', repair,
                        [([4, 10, 12], 'Replace the MacBook screen with a 30% discount and dispatch it'),
                         ([16], 'Send the laptop with the repair form')],
                        noise=[2, 15, 17, 19, 20], knowledge=[('decision', [9, 10])]))
    # Pricing questions, each answered; nothing left to do.
    pricing = chatwoot('textOnly.messages.json')
    assert pricing[1][2].startswith('Does the Startup plan') and pricing[7][2].startswith('Sure, you can use the discount code'), pricing[1]
    out.append(labelled('chatwoot-pricing', 'chatwoot_api/chatwoot_frontend_message_fixtures/textOnly.messages.json', pricing,
                        [], noise=[4, 9, 10, 11, 12], knowledge=[('solution', [2, 3]), ('solution', [6, 8])]))
    # A pull request left unfinished for five years: its author asks for someone to take it over (open at the end);
    # build-bot comments and the greeting bot tell nobody to do anything; "Ping", +1s and the birthday are noise.
    gh = os.path.join(FIXTURES, 'github_api/hub4j_github_api')
    comments = json.load(open(os.path.join(gh, 'issue_comments_jenkinsci_cobertura-plugin_26.json')))
    bots = {'cloudbees-pull-request-builder', 'jenkinsadmin'}
    out.append(labelled('github-cobertura-pr26', 'github_api/hub4j_github_api/issue_comments_jenkinsci_cobertura-plugin_26.json',
                        [(c['user']['login'], c['created_at'], c['body'], c['user']['login'] in bots) for c in comments],
                        [([10, 12], 'Find someone to take the pull request over and finish it')],
                        noise=[8, 11, 13, 14], knowledge=[]))
    # A pull request's description, review notes and comments: the reviewer's question is answered by a later note
    # ("now shared between components"); one note leaves a to-do in the tests; Danger's tables are bot output.
    pr = os.path.join(FIXTURES, 'github_api/danger_js_artsy_emission_pr327')
    issue = json.load(open(os.path.join(pr, 'issue.json')))
    rows = [(issue['user']['login'], issue['created_at'], issue['title'] + '\n\n' + (issue['body'] or ''), False)]
    rows += [(c['user']['login'], c['created_at'], c['body'], c['user']['login'] == 'ArtsyOpenSource')
             for c in json.load(open(os.path.join(pr, 'pull_review_comments.json'))) + json.load(open(os.path.join(pr, 'issue_comments.json')))]
    rows.sort(key=lambda r: r[1])
    bodies = [r[2] for r in rows]
    ask, shared, todo = (next(i for i, b in enumerate(bodies, 1) if b.startswith(p)) for p in ('Looking good!', 'now shared', 'need to fill up'))
    out.append(labelled('github-emission-pr327', 'github_api/danger_js_artsy_emission_pr327 (issue, review comments, comments)', rows,
                        [([todo], 'Fill the gene test with the data metaphysics would return')],
                        noise=[next(i for i, b in enumerate(bodies, 1) if b.startswith(p)) for p in ('^ just a notice', 'Looks great!')],
                        knowledge=[('solution', [ask, shared])]))
    # A spelling issue and the maintainer's promise to fix it; a contributor's promise to fix an issue and open a PR.
    opened = json.load(open(os.path.join(FIXTURES, 'github_webhooks/issues/opened.payload.json')))['issue']
    reply = json.load(open(os.path.join(FIXTURES, 'github_webhooks/issue_comment/created.payload.json')))['comment']
    out.append(labelled('github-webhook-spelling', 'github_webhooks/issues/opened + issue_comment/created payloads',
                        [(opened['user']['login'], opened['created_at'], opened['title'] + '\n\n' + opened['body'], False),
                         (reply['user']['login'], reply['created_at'], reply['body'], False)],
                        [([1, 2], "Fix the spelling of 'commit' in the README")], noise=[], knowledge=[]))
    single = json.load(open(os.path.join(gh, 'issue_comments_hub4j_github-api_416.json')))[0]
    out.append(labelled('github-hub4j-416', 'github_api/hub4j_github_api/issue_comments_hub4j_github-api_416.json',
                        [(single['user']['login'], single['created_at'], single['body'], False)],
                        [([1], 'Fix issue 416 and open a pull request')], noise=[], knowledge=[]))
    return out


# Third batch (2026-12-07, issue 20, third session): 25 more real conversations, labelled by rules v2 (eval/README.md)
# before any analyser run on them, one annotator. Appended after the first 52 so their split stays. Positions are
# 1-based in the conversation as built (empty messages left out); an assert pins a message's opening text.
def mbox_messages(name):
    """Messages of an mbox with a whitespace-normalised subject key; a leading "On ... wrote:" line (a reply written
    below the quote) is skipped instead of ending the body, so such replies keep their text."""
    import datetime
    out = []
    for message in mailbox.mbox(os.path.join(FIXTURES, 'email/apache_mailing_list_mbox', name)):
        subject = ' '.join(str(make_header(decode_header(message['subject'] or ''))).split())
        key = re.sub(r'^(\s*(re|fwd?|aw)\s*:\s*)+', '', subject, flags=re.I).strip().lower()
        sender = email.utils.parseaddr(str(make_header(decode_header(message['from'] or ''))))
        lines = []
        for line in mail_body(message).split('\n'):
            if line.startswith('>'):
                continue
            if re.match(r'^On .* wrote:\s*$', line) and not any(l.strip() for l in lines):
                continue
            if re.match(r'^On .* wrote:\s*$', line) or re.match(r'^-- ?$', line) or line.startswith('-' * 60):
                break
            lines.append(line)
        out.append({'subject': subject, 'key': key, 'author': sender[0] or sender[1],
                    'sentAt': email.utils.parsedate_to_datetime(message['date']).astimezone(datetime.timezone.utc).isoformat(),
                    'content': re.sub(r'\n{3,}', '\n\n', '\n'.join(lines)).strip()[:1500]})
    return out


def mail_rows(name, keep, with_subject=False):
    return [(m['author'], m['sentAt'], (m['subject'] + '\n\n' if with_subject else '') + m['content'], False)
            for m in mbox_messages(name) if keep(m) and m['content'].strip()]


def telegram_window(chat, start, end):
    """Messages start..end-1 (0-based, counting only messages of type "message") of a tgif chat, empty (media-only)
    ones left out; returns the rows and the Telegram ids in order, so labels can name messages by id."""
    data = json.load(open(glob.glob(os.path.join(FIXTURES, 'telegram_export/tgif', chat, '*.json'))[0]))
    raw = [m for m in (data['messages'] if isinstance(data, dict) else data) if m.get('type', 'message') == 'message'][start:end]
    kept = [m for m in raw if telegram_text(m).strip()]
    return [(m.get('from') or 'unknown', m.get('date'), telegram_text(m)[:1500], False) for m in kept], [m['id'] for m in kept]


def third_batch():
    out = []

    # AMI meeting ES2005a (kick-off of a remote-control design team), three windows of consecutive turns; speaker =
    # role. Backchannels ("Mm-hmm", "Okay .", {vocalsound}, false starts) are noise.
    ami = json.load(open(os.path.join(FIXTURES, 'meetings/json/qmsum_ami_ES2005a_meeting.json')))['meeting_transcripts']
    def ami_window(name, first, last, items, noise, knowledge):
        """first..last: 1-based turn numbers of the whole meeting; labels use the same turn numbers."""
        rows = [(t['speaker'], f'2005-01-01T10:{(first + i) // 60:02d}:{(first + i) % 60:02d}+00:00', t['content'], False)
                for i, t in enumerate(ami[first - 1:last])]
        pos = lambda n: n - first + 1
        return labelled(name, f'meetings/json/qmsum_ami_ES2005a_meeting.json: turns {first}-{last}', rows,
                        [([pos(n) for n in numbers], title) for numbers, title in items], [pos(n) for n in noise],
                        [(t, [pos(n) for n in numbers]) for t, numbers in knowledge])
    # Turns 1-31: brainstorming features (price, universal remotes, colour, a whistle-to-find gimmick). Ideas for the
    # product, not work anyone takes on: no action items. Doubt: "maybe we could think about colour?" is a
    # suggestion to the group, read as a design idea, not a to-do; kept as an insight with its reasons.
    assert ami[21]['content'].startswith('Um well my first thoughts would be most remote controls are grey'), ami[21]
    out.append(ami_window('meeting-ami-es2005a-1', 1, 31, [],
                          [3, 6, 7, 8, 11, 15, 16, 19, 20, 21, 23, 25, 29, 30, 31], [('insight', [22, 24, 26, 28])]))
    # Turns 32-64: the marketing expert asks that the market, competitors' prices and features be studied before the
    # cost is decided (open at the end of this window: it is only allocated in the next one); the size trade-off is an
    # insight.
    assert ami[31]['content'].startswith('being as a Marketing Exper Expert'), ami[31]
    out.append(ami_window('meeting-ami-es2005a-2', 32, 64,
                          [([32, 34], "Study competitors' remote controls, prices and features before deciding the cost")],
                          [33, 35, 37, 39, 40, 41, 42, 43, 44, 45, 46, 48, 49, 51, 52, 54, 55, 57, 58, 59, 61, 62],
                          [('insight', [47, 50, 53, 56])]))
    # Turns 65-105: the project manager allocates the work before the next meeting: marketing looks at competing
    # remotes (accepted: "Yeah", "Yep"), the user-interface designer at shapes and colours, the industrial designer at
    # how it is made and its materials. The short acceptances are sources of their items, so signal.
    assert ami[70]['content'].startswith('Um , if you could maybe come up with sort of shapes'), ami[70]
    out.append(ami_window('meeting-ami-es2005a-3', 65, 105,
                          [([69, 70, 80, 81], 'Look at competing remote controls and their design'),
                           ([71, 74, 75, 76], 'Come up with shapes and colours that make the remote attractive'),
                           ([71, 72], 'Look into how the remote is made and which materials are available')],
                          [65, 66, 68, 73, 77, 78, 79, 82, 83, 84, 85, 86, 87, 88, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99,
                           100, 102, 103, 104, 105], []))

    # Telegram (tgif) "membuat-linq-efisien", its first 41 messages: a slow stored procedure called through EF and
    # LINQ advice. Every "coba ..." is advice answering the asker's question (knowledge, not a task); the requests to
    # paste the LINQ and to use pastebin were fulfilled at once. No action items.
    rows, ids = telegram_window('membuat-linq-efisien', 0, 41)
    at = lambda *tg: [ids.index(i) + 1 for i in tg]
    assert rows[0][2].startswith('ada yang pakai asp.net MVC?') and len(rows) == 40, rows[0]
    out.append(labelled('telegram-membuat-linq-efisien', 'telegram_export/tgif/membuat-linq-efisien: messages 1-41', rows, [],
                        at(249177, 249194, 249197),
                        [('solution', at(249136, 249141, 249144, 249145, 249146)),
                         ('solution', at(249173, 249174, 249175, 249176)),
                         ('insight', at(249180, 249185, 249191)),
                         ('solution', at(249195, 249199))]))

    # One subscriber's "Please remove me from your mailing list" sent as replies to five more threads in four minutes
    # (his two replies in the "fake urls" thread are email-30 and left out here): one request (open: nobody acts on it
    # in the archive), the four repeats are duplicates (noise), as in email-30.
    rows = mail_rows('httpd-users-200606-part.mbox', lambda m: m['author'] == 'Charlie Moher' and 'fake' not in m['key'])
    assert len(rows) == 5 and rows[0][2].startswith('Please remove me from your mailing list immediately'), rows
    out.append(labelled('email-httpd-unsubscribe-repeats', 'email/apache_mailing_list_mbox/httpd-users-200606-part.mbox: Charlie Moher, 5 replies',
                        rows, [([1, 2, 3, 4, 5], 'Remove the sender from the mailing list')], [2, 3, 4, 5], []))

    # A git Basic-auth question; the reply asks for the configuration in a readable form and gets a pastebin link, so
    # that request is fulfilled; "What am I doing wrong?" is an information question nobody answered. Nothing open.
    rows = mail_rows('httpd-users-2020-07.mbox', lambda m: m['key'].startswith('[users@httpd] disabling access for git'))
    assert len(rows) == 3 and rows[1][2].startswith('Maybe you could post the following in a more readable format'), rows
    out.append(labelled('email-httpd-git-basic-auth', 'email/apache_mailing_list_mbox/httpd-users-2020-07.mbox: disabling access for git ...',
                        rows, [], [], []))
    # "Could anyone confirm that this is a bug before I submit it?" and, three days later, "Anyone?": the question is
    # an information request; the asker's stated plan to submit the bug is open at the end, so it is the item.
    # Doubt: the plan is conditional on a confirmation that never came; read as one's own stated plan.
    rows = mail_rows('httpd-users-200606-part.mbox', lambda m: m['key'].startswith('[users@httpd] bug? logformat "%{tid}p"'))
    assert len(rows) == 2 and rows[1][2].startswith('Anyone?'), rows
    out.append(labelled('email-httpd-tid-bug', 'email/apache_mailing_list_mbox/httpd-users-200606-part.mbox: bug? LogFormat "%{tid}P" ...',
                        rows, [([1], 'Submit a bug report for the wrong thread id logged by %{tid}P on Windows')], [], []))

    # A wiki page announced on asterix-dev with "Please, help keep it maintained when you make any code changes": a
    # standing request to the group, open. The announcement itself is not knowledge (the content is on the wiki).
    rows = mail_rows('asterix-dev-201709-mailarchivesao.mbox', lambda m: m['key'] == 'index components lifecycle')
    assert len(rows) == 1 and rows[0][2].startswith('Hi devs,\nI just added a new entry in our wiki'), rows
    out.append(labelled('email-asterix-index-lifecycle-wiki', 'email/apache_mailing_list_mbox/asterix-dev-201709-mailarchivesao.mbox: index components lifecycle',
                        rows, [([1], 'Keep the index component lifecycle wiki page up to date with code changes')], [], []))

    # A user moving his worker-management tooling from mod_jk to mod_proxy states that plan (open: one's own plan)
    # and lists what he found out about the balancer manager (an insight; "can anyone confirm?" is a question).
    rows = mail_rows('httpd-users-2020-07.mbox', lambda m: m['key'] == '[users@httpd] using balancer manager for fun and profit')
    assert len(rows) == 1 and "I'm looking at moving from mod_jk to mod_proxy" in rows[0][2], rows
    out.append(labelled('email-httpd-balancer-manager', 'email/apache_mailing_list_mbox/httpd-users-2020-07.mbox: using balancer manager for fun and profit',
                        rows, [([1], 'Migrate the worker-management tool from mod_jk to the mod_proxy balancer manager')], [],
                        [('insight', [1])]))

    # Two single posts telling what worked: a 403 caused by $(...} instead of ${...} that apachectl -t did not catch
    # (problem and fix: a solution) and a script pair collecting remote logs over ssh (an insight). Nothing to do.
    rows = mail_rows('httpd-users-2020-07.mbox', lambda m: m['key'] == '[users@httpd] variable caused hidden issues')
    rows += mail_rows('httpd-users-200606-part.mbox', lambda m: m['key'] == '[users@httpd] remote log files?')
    assert len(rows) == 2 and rows[1][2].startswith('For me, I wrote a simple script send_apache_log.pl'), rows
    out.append(labelled('email-httpd-experience-reports', 'email/apache_mailing_list_mbox/httpd-users-2020-07.mbox: variable caused hidden issues; httpd-users-200606-part.mbox: remote log files?',
                        rows, [], [], [('solution', [1]), ('insight', [2])]))

    # More questions nobody answered in the archives (each its own thread): information requests ("is there a bug fix
    # for this?", "Can you think of something I can look at?", "Please teach me."), so neither tasks nor knowledge.
    unanswered = ['file exists: ah01185: worker slotmem_create failed', "ah02429: response header name 'application/x-www-form-urlencoded'",
                  'errors apache+ajp', 'can apache reverse proxy add another segment at load balancer member?']
    rows = mail_rows('httpd-users-2020-07.mbox', lambda m: m['key'] in ['[users@httpd] ' + u for u in unanswered], with_subject=True)
    assert len(rows) == 4 and rows[2][2].startswith('[users@httpd] errors apache+ajp'), rows
    out.append(labelled('email-httpd-unanswered-2020', 'email/apache_mailing_list_mbox/httpd-users-2020-07.mbox: single-message threads', rows, [], [], []))
    unanswered = ['configure for mod_jk gets error for apr_include', 'log file shows -ve number for %d (time spent in microseconds)']
    rows = mail_rows('httpd-users-200606-part.mbox', lambda m: m['key'] in ['[users@httpd] ' + u for u in unanswered], with_subject=True)
    assert len(rows) == 2 and rows[1][2].startswith('[users@httpd] Log file shows -ve number'), rows
    out.append(labelled('email-httpd-unanswered-2006', 'email/apache_mailing_list_mbox/httpd-users-200606-part.mbox: single-message threads', rows, [], [], []))
    # GitHub issues and pull requests of hub4j/github-api (REST issue list, two pages): bodies only, no comments.
    gh = os.path.join(FIXTURES, 'github_api/hub4j_github_api')
    issues = {i['number']: i for f in ('issues_list_page1.json', 'issues_list_page2.json') for i in json.load(open(os.path.join(gh, f)))}
    issue_row = lambda n: (issues[n]['user']['login'], issues[n]['created_at'], issues[n]['title'] + '\n\n' + (issues[n]['body'] or ''), False)
    # An issue (public rate-limit fields can't change without breaking the API) and the maintainer's pull request two
    # days later that deprecates them and fixes the reset date, asking two contributors to look it over: the review
    # request is open at the end; problem and fix are a solution.
    rows = [issue_row(591), issue_row(595)]
    assert 'if you have a little time to look at this over' in rows[1][2], rows[1]
    out.append(labelled('github-hub4j-ratelimit-591-595', 'github_api/hub4j_github_api/issues_list_page2.json: #591, #595', rows,
                        [([2], 'Review the GHRateLimit change to system time')], [], [('solution', [1, 2])]))
    # A proof-of-concept pull request whose description keeps a checklist: one box ticked, two open. The open boxes
    # are the author's own to-dos, open at the end: two items on one message.
    rows = [issue_row(600)]
    assert '- [ ] Make `root` be `private final`' in rows[0][2], rows
    out.append(labelled('github-hub4j-jacksoninject-600', 'github_api/hub4j_github_api/issues_list_page2.json: #600', rows,
                        [([1], 'Make root private final and use a getter for all access'), ([1], 'Remove all wrapUp() methods for root')], [], []))
    # A formatting pull request: formatting is now applied on every build and checked in CI so that nobody has to be
    # asked to fix it (a decision with its reason). Doubt: it @-mentions two contributors without asking anything of
    # them ("I'm open to different formatting rules"); read as a notice, not a review request.
    rows = [issue_row(609)]
    assert rows[0][2].startswith('Code style fixes\n\n@PauloMigAlmeida'), rows
    out.append(labelled('github-hub4j-code-style-609', 'github_api/hub4j_github_api/issues_list_page2.json: #609', rows, [], [], [('decision', [1])]))
    # The maintainer's own issue: make a class non-private so downstream tests can mock it - a to-do with its reason.
    rows = [issue_row(610)]
    assert rows[0][2].startswith('Make `PagedIterableWithConsumer` not private'), rows
    out.append(labelled('github-hub4j-mockable-610', 'github_api/hub4j_github_api/issues_list_page2.json: #610', rows,
                        [([1], 'Make PagedIterableWithConsumer non-private so that it can be mocked')], [], []))
    # Three question issues (how to pass an OTP code, how to search repositories by date, is there a Check Suite model):
    # information questions, bodies only; neither tasks nor knowledge.
    rows = sorted([issue_row(n) for n in (641, 639, 596)], key=lambda r: r[1])
    assert rows[0][2].startswith('Question: Is there a model to represent Check Suite'), rows
    out.append(labelled('github-hub4j-questions', 'github_api/hub4j_github_api/issues_list_page1.json, page2.json: #596, #639, #641', rows, [], [], []))
    # A pull request ("a pretty simple change that we need to pull into master") and a review comment on it asking for
    # a change: the merge and the change are both open at the end (webhook payloads of Codertocat/Hello-World#2).
    pull = json.load(open(os.path.join(FIXTURES, 'github_webhooks/pull_request/opened.payload.json')))['pull_request']
    review = json.load(open(os.path.join(FIXTURES, 'github_webhooks/pull_request_review_comment/created.payload.json')))['comment']
    rows = [(pull['user']['login'], pull['created_at'], pull['title'] + '\n\n' + pull['body'], False),
            (review['user']['login'], review['created_at'], review['body'], False)]
    assert rows[1][2].startswith('Maybe you should use more emoji'), rows
    out.append(labelled('github-webhook-readme-pr', 'github_webhooks/pull_request/opened + pull_request_review_comment/created payloads', rows,
                        [([1], 'Merge the README update into master'), ([2], 'Use more emoji on the commented README line')], [], []))
    # Slack (slack-export-viewer test archive), days not used above. Bot messages are the GitHub integration's commit
    # notifications (their attachment's pretext and text), flagged as bots; they are signal, as the Jenkins mails are.
    base = os.path.join(FIXTURES, 'slack/slack_export_viewer_testarchive/extracted')
    users = {u['id']: u['name'] for u in json.load(open(os.path.join(base, 'users.json')))}
    def slack_rows(files):
        rows = []
        for file in files:
            for m in json.load(open(os.path.join(base, file))):
                if m.get('subtype') in ('channel_join', 'bot_add'):
                    continue
                if m.get('subtype') == 'bot_message':
                    a = (m.get('attachments') or [{}])[0]
                    text, author, bot = '\n'.join(x for x in (a.get('pretext'), a.get('text')) if x), 'github', True
                else:
                    who = m.get('user') or (m.get('comment') or {}).get('user')  # a file comment names its author in the comment
                    text, author, bot = m.get('text') or '', users.get(who, who or 'unknown'), False
                text = re.sub(r'<@(U\w+)>', lambda x: '@' + users.get(x.group(1), x.group(1)), text)
                if text.strip():
                    rows.append((author, utc(float(m['ts'])), text[:1500], bot))
        return rows
    # A day of commits to enrique and pyrallelsa with one traceback posted between them: nothing asked, nothing
    # promised. Doubt: the commits after the traceback ("Dictionary expansion does not work how I expect",
    # "Re-serialize problem_data") may be its fix, but the chat never says so; no knowledge item.
    rows = slack_rows(['enrique/2016-03-26.json'])
    assert len(rows) == 18 and rows[10][2].startswith('```I0327 00:57:37') and not rows[10][3], rows[10]
    out.append(labelled('slack-enrique/2016-03-26.json', 'slack/slack_export_viewer_testarchive/enrique/2016-03-26.json', rows, [], [], []))
    # A city file shared, the brute-force result on 10 cities (28919.87 in 26 s) and the annealer's energies after
    # 7 minutes of CPU: results someone could reuse (an insight); nothing to do.
    rows = slack_rows(['traveling-sailor/2016-03-27.json', 'traveling-sailor/2016-03-28.json'])
    assert len(rows) == 10 and rows[2][2].startswith('```\n(foo) ^_^hfaran@hfaranMBP'), rows[2]
    out.append(labelled('slack-traveling-sailor/2016-03-27.json', 'slack/slack_export_viewer_testarchive/traveling-sailor/2016-03-27.json, 2016-03-28.json',
                        rows, [], [], [('insight', [3, 6, 7, 8])]))
    # slackdump's test channel: "test" posts, a deleted-message placeholder, a GIF, formatting tests (noise); a shared
    # Google document link and a poll app's notice (bot) are signal. Nothing to do or keep.
    chan = json.load(open(os.path.join(FIXTURES, 'slack/slackdump_fixtures/CHY5HUESG.json')))['messages']
    rows = [(m.get('user'), utc(float(m['ts'])), m['text'], bool(m.get('bot_id')) or m.get('user') == 'USLACKBOT')
            for m in chan if m.get('subtype') != 'channel_join' and (m.get('text') or '').strip()]
    assert len(rows) == 10 and rows[3][2] == 'This message was deleted.' and rows[7][3], rows
    out.append(labelled('slack-slackdump-test-channel', 'slack/slackdump_fixtures/CHY5HUESG.json', rows, [], [1, 2, 3, 4, 5, 7, 9, 10], []))

    # Chatwoot Instagram inbox used for testing: greetings, "It / Is / Me / Again", "byeeee", an emoji - banter (noise);
    # the story mention (first of three identical copies, the other two noise) and the agent's "Try this" with an
    # attachment are signal. Activity lines and empty attachment-only messages are left out, as above.
    insta = []
    for m in json.load(open(os.path.join(FIXTURES, 'chatwoot_api/chatwoot_frontend_message_fixtures/instagramConversation.messages.json'))):
        if m.get('message_type') in (2, 3) or not (m.get('content') or '').strip():
            continue
        sender = m.get('sender') if isinstance(m.get('sender'), dict) else {}
        role = 'customer' if m.get('message_type') == 0 else 'agent'  # both sides are named Jane Doe here
        insta.append((f"{sender.get('name') or 'Jane Doe'} ({role})", utc(m['created_at']), m['content'], False))
    assert len(insta) == 20 and insta[17][2].startswith('Try this'), insta
    out.append(labelled('chatwoot-instagram-testing', 'chatwoot_api/chatwoot_frontend_message_fixtures/instagramConversation.messages.json', insta,
                        [], list(range(2, 18)) + [19, 20], []))
    # Telegram (tgif) "dependency-injection-in-a-nutshell", all 29 messages: how to open a connection once and reuse it
    # (AddSingleton with a factory), what dependency injection and the three lifetimes are, a link on limiting
    # concurrent threads with what it misses. All answers to the asker's questions: knowledge, no action items.
    rows, ids = telegram_window('dependency-injection-in-a-nutshell', 0, 29)
    at = lambda *tg: [ids.index(i) + 1 for i in tg]
    assert rows[at(2560)[0] - 1][2].startswith('biasanya patternnya gini'), rows
    out.append(labelled('telegram-dependency-injection-in-a-nutshell', 'telegram_export/tgif/dependency-injection-in-a-nutshell: messages 1-29', rows, [],
                        at(2561, 2577, 2578),
                        [('solution', at(2510, 2557, 2558, 2560, 2562)), ('solution', at(2566, 2567, 2569, 2570)),
                         ('insight', at(2571, 2572, 2573, 2575, 2576)), ('solution', at(2579, 2580, 2581, 2582))]))
    # Telegram (tgif) "biasa-vs-enterprise-linux-distro", messages 1-34: what makes a distribution "enterprise"
    # (support, LTS, backports), paid binaries of open-source code, what support buys. Questions and their answers
    # (knowledge); "Oalah", "nice bang infonya", "thanks bang" are noise. No action items.
    rows, ids = telegram_window('biasa-vs-enterprise-linux-distro', 0, 34)
    at = lambda *tg: [ids.index(i) + 1 for i in tg]
    assert rows[0][2].startswith('Sebenernya yang bedain distro "biasa" sama "enterprise"') and len(rows) == 34, rows[0]
    out.append(labelled('telegram-biasa-vs-enterprise-linux-distro', 'telegram_export/tgif/biasa-vs-enterprise-linux-distro: messages 1-34', rows, [],
                        at(249664, 249670, 249671),
                        [('solution', at(249636, 249640, 249642)), ('solution', at(249643, 249644, 249645, 249646, 249647)),
                         ('insight', at(249648, 249649, 249651)), ('solution', at(249654, 249655, 249657, 249661, 249662)),
                         ('solution', at(249663, 249665, 249667))]))
    # Telegram (tgif) "tdd-and-clean-architecture", messages 33-65 (after the TDD talk): what DTOs, domain, view and
    # data models are for, and why DTOs are thinner. Answers to the asker's questions are knowledge; his "Tinggal ane
    # research terkait struktur domain model sama data model" (what is left is to research their structure) is his own
    # stated plan, open at the end: the one action item. Doubt: a learner's intention, read as a plan by the rule.
    rows, ids = telegram_window('tdd-and-clean-architecture', 32, 65)
    at = lambda *tg: [ids.index(i) + 1 for i in tg]
    assert rows[at(54823)[0] - 1][2].startswith('Tinggal ane research terkait struktur domain model'), rows
    out.append(labelled('telegram-tdd-and-clean-architecture', 'telegram_export/tgif/tdd-and-clean-architecture: messages 33-65', rows,
                        [(at(54823), 'Research how domain models and data models are structured')],
                        at(54814, 54817, 54820, 54822, 54828),
                        [('solution', at(54793, 54798, 54799)), ('solution', at(54800, 54801, 54802, 54803, 54805, 54807, 54808, 54809)),
                         ('solution', at(54810, 54812, 54813, 54816, 54818, 54819)), ('solution', at(54823, 54824, 54825))]))
    # Telegram (tgif) "software-testing", messages 1-42: a member's talk on why and what to test (Detroit and London
    # schools, mocks or real dependencies, what is worth testing). "ntar gw jelasin" (I'll explain later) is kept in
    # the same window, so it is not open; explanations are insights, answered questions solutions. Banter is noise.
    rows, ids = telegram_window('software-testing', 0, 42)
    at = lambda *tg: [ids.index(i) + 1 for i in tg]
    assert rows[0][2].startswith('dikit lagi gw sampe rumah, ntar gw jelasin') and len(rows) == 37, rows[0]
    out.append(labelled('telegram-software-testing', 'telegram_export/tgif/software-testing: messages 1-42', rows, [],
                        at(242701, 242702, 242703, 242704, 242705, 242707, 242724, 242728, 242737, 242742),
                        [('insight', at(242706, 242708, 242709)), ('insight', at(242712, 242714, 242716, 242719)),
                         ('solution', at(242715, 242717)), ('solution', at(242720, 242721)),
                         ('insight', at(242734, 242735, 242738, 242740, 242743)), ('insight', at(242744, 242745, 242746))]))
    # Telegram (tgif) "perlu-belajar-assembly", messages 1-40: is learning assembly worth it; the group's AI bot
    # (TEKNUM™, flagged as a bot) answers the prompts put to it, so those requests are fulfilled. Arguments and the
    # bot's answers are insights; laughter and jabs are noise. No action items.
    rows, ids = telegram_window('perlu-belajar-assembly', 0, 40)
    rows = [(a, t, c, a == 'TEKNUM™') for a, t, c, _ in rows]
    at = lambda *tg: [ids.index(i) + 1 for i in tg]
    assert rows[at(297208)[0] - 1][2].startswith('Assembly language is a low-level language') and rows[at(297208)[0] - 1][3], rows
    out.append(labelled('telegram-perlu-belajar-assembly', 'telegram_export/tgif/perlu-belajar-assembly: messages 1-40', rows, [],
                        at(297201, 297230, 297232, 297236, 297237, 297243),
                        [('insight', at(297197, 297198, 297202, 297203, 297204)),
                         ('insight', at(297207, 297208, 297210, 297211, 297212, 297213)),
                         ('solution', at(297214, 297215, 297216, 297219)), ('insight', at(297226, 297227, 297228))]))
    return out


# Labelling rules v2 (2026-12-07, issue 20: "a question answered later in the thread is knowledge at most, not a
# task"). An action item is work that someone in the conversation is asked to do or commits to, and that is still
# open at its end: a request to a person or the group (review, fix, write, discuss), a to-do, a commitment, one's
# own stated plan. Advice given as the answer to someone's question ("try X", "use Y instead") is that question's
# answer: a knowledge item (solution), not an action item. These v1 items are such answers and are dropped; the
# v1 labels are kept unchanged in eval/extraction-v1/.
ANSWERS_NOT_TASKS = {
    'email-0': ['Block unwanted countries by IP ranges or domain suffixes'],
    'email-1': ['Test user certificates on a separate instance before use'],
    'email-2': ['Shorten the balancer route names below 64 characters'],
    'email-4': ['Put per-site dev config in a file included with IncludeOptional'],
    'email-8': ['Make sure httpd builds and loads the intended OpenSSL'],
    'email-9': ['Do a graceful reload after mod_md obtains the certificate'],
    'email-11': ['Use /server-status instead of netstat'],
    'email-16': ['Query an SQL/LDAP backend or deploy .htpasswd with a tool'],
    'email-25': ['Run mvn clean install in asterix-runtime, then retry'],
    'email-26': ['Run git asf commit <SHA> after each merged Gerrit change'],
    'email-28': ['Try the latest Oracle Java 8', 'Run mvn clean install and refresh the Eclipse workspace after switching branches'],
    'telegram-disable-service-gcp-ingress': ['Use a single LoadBalancer service (the ingress controller)'],
    'email-long-1': ['Look in mods-enabled for the MPM file', 'Invoke apachectl instead of apache2', 'Check that APACHE_RUN_DIR from envvars exists'],
    'email-long-2': ['Check the certificate files for malformed chains and raise the log level', 'Set the log level to debug and run apachectl -t',
                     'Check that certificate and key moduli match'],
}
# One piece of work mentioned in several messages is one item (v1 had two for the same request to the host).
MERGED_ITEMS = {'email-long-3': [{'title': 'Ask StableHost and the LiteSpeed forum about removing the .htaccess file',
                                  'source_message_ids': ['long-3-m4', 'long-3-m7', 'long-3-m9']}]}


def apply_rules_v2(conversation):
    dropped = ANSWERS_NOT_TASKS.get(conversation['id'], [])
    missing = [title for title in dropped if title not in [item['title'] for item in conversation['action_items']]]
    assert not missing, (conversation['id'], missing)
    conversation['action_items'] = [item for item in conversation['action_items'] if item['title'] not in dropped]
    if conversation['id'] in MERGED_ITEMS:
        conversation['action_items'] = MERGED_ITEMS[conversation['id']]
    return conversation


def build():
    conversations = []
    for index, (name, subject, messages) in enumerate(mailing_list_threads()):
        items, noise = EMAIL_LABELS[index]
        kept = [(number, m) for number, m in enumerate(messages, 1) if m['content'].strip()]
        ids = {number: f'e{index}-m{number}' for number, _ in kept}
        conversations.append({
            'id': f'email-{index}', 'source': f'email/apache_mailing_list_mbox/{name}: {subject}',
            'messages': [{'id': ids[n], **m} for n, m in kept],
            'action_items': [{'title': EMAIL_TITLES[(index, k)], 'source_message_ids': [ids[n] for n in item]} for k, item in enumerate(items)],
            'noise_labels': {ids[n]: ('noise' if n in noise else 'signal') for n, _ in kept},
            'knowledge_items': [{'type': t, 'source_message_ids': [ids[n] for n in numbers]} for t, numbers in EMAIL_KNOWLEDGE.get(index, [])],
        })
    for chat, (count, items, noise) in TELEGRAM_LABELS.items():
        path = glob.glob(os.path.join(FIXTURES, 'telegram_export/tgif', chat, '*.json'))[0]
        data = json.load(open(path))
        raw = [m for m in (data['messages'] if isinstance(data, dict) else data) if m.get('type', 'message') == 'message'][:count]
        kept = [m for m in raw if telegram_text(m).strip()]
        conversations.append({
            'id': f'telegram-{chat}', 'source': f'telegram_export/tgif/{chat}',
            'messages': [{'id': str(m['id']), 'author': m.get('from'), 'sentAt': m.get('date'), 'content': telegram_text(m)} for m in kept],
            'action_items': [{'title': title, 'source_message_ids': [str(i) for i in ids]} for ids, title in items],
            'noise_labels': {str(m['id']): ('noise' if m['id'] in noise else 'signal') for m in kept},
            'knowledge_items': [{'type': t, 'source_message_ids': ids} for t, ids in CHAT_KNOWLEDGE.get(f'telegram-{chat}', [])],
        })
    base = os.path.join(FIXTURES, 'slack/slack_export_viewer_testarchive/extracted')
    users = {u['id']: u['name'] for u in json.load(open(os.path.join(base, 'users.json')))}
    for files, (items, noise) in SLACK_LABELS.items():
        raw = []
        for file in files:
            raw += [m for m in json.load(open(os.path.join(base, file)))
                    if m.get('subtype') not in ('channel_join', 'bot_add', 'bot_message') and m.get('text')]
        def text(m):
            return re.sub(r'<@(U\w+)>', lambda x: '@' + users.get(x.group(1), x.group(1)), m['text'])
        messages = [{'id': m['ts'], 'author': users.get(m.get('user'), m.get('user')),
                     'sentAt': email.utils.format_datetime(email.utils.localtime(None)) if False else
                     __import__('datetime').datetime.fromtimestamp(float(m['ts']), __import__('datetime').timezone.utc).isoformat(),
                     'content': text(m)} for m in raw]
        conversations.append({
            'id': f'slack-{files[0]}', 'source': 'slack/slack_export_viewer_testarchive/' + ', '.join(files),
            'messages': messages,
            'action_items': [{'title': title, 'source_message_ids': [messages[p - 1]['id'] for p in positions]} for positions, title in items],
            'noise_labels': {m['id']: ('noise' if position in noise else 'signal') for position, m in enumerate(messages, 1)},
            'knowledge_items': [{'type': t, 'source_message_ids': [messages[p - 1]['id'] for p in positions]}
                                for t, positions in CHAT_KNOWLEDGE.get(f'slack-{files[0]}', [])],
        })
    conversations += added_conversations()
    conversations = [apply_rules_v2(conversation) for conversation in conversations]
    conversations += third_batch()
    # Alternate conversations between the splits so that every source is in both.
    with open(os.path.join(OUT, 'dev.jsonl'), 'w') as dev, open(os.path.join(OUT, 'test.jsonl'), 'w') as test:
        for position, conversation in enumerate(conversations):
            (dev if position % 2 == 0 else test).write(json.dumps(conversation, ensure_ascii=False) + '\n')
    print(len(conversations), 'conversations')


if __name__ == '__main__':
    build()
