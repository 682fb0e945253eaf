/// The review pages: static HTML with inline script. Question text arrives as JSON and is set
/// with `textContent`, so markup in a question (`<script>`, `<img onerror>`) shows as text.
enum ReviewPages {
    static let style = """
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }
        pre, #question { white-space: pre-wrap; } .answer { font-weight: bold; } .flag { background: #fde68a; }
        #status { min-height: 1.5em; color: #1e40af; } kbd { border: 1px solid #999; border-radius: 3px; padding: 0 .3em; }
        nav a { margin-right: 1em; } table { border-collapse: collapse; } td, th { padding: .2em .6em; border-bottom: 1px solid #ddd; }
        </style>
        """

    static let common = """
        <script>
        function token() { return sessionStorage.getItem('mmlupro-token') || ''; }
        async function api(method, path, body) {
          const response = await fetch(path, { method, headers: Object.assign({ 'Authorization': 'Bearer ' + token() },
            body ? { 'Content-Type': 'application/json' } : {}), body: body ? JSON.stringify(body) : undefined });
          const data = await response.json();
          if (!response.ok) throw new Error(data.error || response.status);
          return data;
        }
        function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
        function signIn(event) { event.preventDefault(); sessionStorage.setItem('mmlupro-token', document.getElementById('token').value.trim()); location.reload(); }
        </script>
        """

    static let nav = """
        <nav><a href="/review">Review</a><a href="/progress">Progress</a><a href="/audit">Audit</a></nav>
        <form id="signin" onsubmit="signIn(event)"><label>Reviewer token <input id="token" type="password" autocomplete="off"></label> <button>Sign in</button></form>
        """

    static let review = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>MMLU-Pro review</title>\(style)\(common)</head><body>
        \(nav)
        <p>Keys: <kbd>n</kbd> next task ·
        phase 1: <kbd>o</kbd> ok, <kbd>w</kbd> then a letter: wrong answer, <kbd>r</kbd> then 1–7: remove, <kbd>e</kbd> expert ·
        phase 2: <kbd>x</kbd> remove option, <kbd>k</kbd> keep, <kbd>b</kbd> question bad · <kbd>u</kbd> undo</p>
        <p id="status"></p>
        <section id="task" hidden>
          <p><span id="task-key"></span> · phase <span id="phase"></span> · <span id="category"></span> · <span id="src"></span> · state <span id="state"></span></p>
          <div id="question"></div>
          <ol id="options" type="A"></ol>
          <p id="flagged"></p>
          <details><summary>Source and solution</summary><p id="origin"></p><pre id="solution"></pre></details>
          <label>Note <input id="note" size="60"></label>
        </section>
        <script>
        const reasons = ['bad_question_clarity', 'bad_options_clarity', 'no_correct_answer', 'multiple_correct_answers', 'needs_image', 'missing_information', 'not_multiple_choice'];
        let current = null, lastDecided = null, pending = null;
        function status(text) { document.getElementById('status').textContent = text; }
        function show(task) {
          current = task;
          document.getElementById('task').hidden = !task;
          if (!task) { status('Nothing left to claim.'); return; }
          for (const id of ['phase', 'category', 'src', 'origin']) document.getElementById(id).textContent = task[id];
          document.getElementById('task-key').textContent = task.key;
          document.getElementById('state').textContent = task.state.status;
          document.getElementById('question').textContent = task.question;
          document.getElementById('solution').textContent = (task.solution || '') + (task.sourceAnswer ? '\\nSource answer: ' + task.sourceAnswer : '');
          const list = document.getElementById('options'); list.replaceChildren();
          task.options.forEach((option, index) => list.append(el('li', option, (index === task.answerIndex ? 'answer' : '') + (option === task.option ? ' flag' : ''))));
          document.getElementById('flagged').textContent = task.phase === 2 ? 'Flagged option: ' + task.option + (task.judge ? ' (judge: ' + task.judge + ')' : '') : '';
        }
        async function next() { try { const data = await api('POST', '/api/tasks/claim', {}); show(data.task); if (data.task) status('Claimed ' + data.task.key); } catch (e) { status('Error: ' + e.message); } }
        async function decide(verdict, extra) {
          if (!current) return;
          const note = document.getElementById('note').value || undefined;
          try {
            const data = await api('POST', '/api/decisions', Object.assign({ task: current.key, verdict, note }, extra || {}));
            lastDecided = current.key; document.getElementById('note').value = '';
            document.getElementById('state').textContent = data.status;
            status(verdict + ': ' + data.status);
          } catch (e) { status('Error: ' + e.message); }
        }
        async function undo() {
          if (!lastDecided) return;
          try { const data = await api('POST', '/api/undo', { task: lastDecided }); document.getElementById('state').textContent = data.status; status('undone: ' + data.status); lastDecided = null; }
          catch (e) { status('Error: ' + e.message); }
        }
        document.addEventListener('keydown', (event) => {
          if (event.target.tagName === 'INPUT' || event.ctrlKey || event.metaKey || event.altKey) return;
          const key = event.key;
          if (pending === 'w' && /^[a-jA-J]$/.test(key)) { pending = null; decide('wrong_answer', { answer: key.toUpperCase() }); return; }
          if (pending === 'r' && /^[1-7]$/.test(key)) { pending = null; decide('remove', { reason: reasons[Number(key) - 1] }); return; }
          pending = null;
          switch (key) {
            case 'n': next(); break;
            case 'o': decide('ok'); break;
            case 'e': decide('expert'); break;
            case 'w': pending = 'w'; status('Wrong answer: press the letter of the correct option'); break;
            case 'r': pending = 'r'; status('Remove: ' + reasons.map((r, i) => (i + 1) + ' ' + r).join(', ')); break;
            case 'x': decide('remove_option'); break;
            case 'k': decide('keep_option'); break;
            case 'b': decide('question_bad'); break;
            case 'u': undo(); break;
          }
        });
        const wanted = new URLSearchParams(location.search).get('task');
        if (token()) { document.getElementById('signin').hidden = true;
          if (wanted) api('GET', '/api/task?key=' + encodeURIComponent(wanted)).then(d => show(d.task)).catch(e => status('Error: ' + e.message));
          else status('Signed in. Press n for the next task.'); }
        </script></body></html>
        """

    static let progress = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>MMLU-Pro review progress</title>\(style)\(common)</head><body>
        \(nav)<h1>Progress</h1><table><thead><tr><th>phase</th><th>category</th><th>open</th><th>disputed</th><th>decided</th></tr></thead><tbody id="rows"></tbody></table>
        <h2>Reviewers</h2><ul id="reviewers"></ul><p id="agreement"></p>
        <script>
        if (token()) { document.getElementById('signin').hidden = true; api('GET', '/api/progress').then(data => {
          for (const row of data.rows) { const tr = el('tr'); for (const key of ['phase', 'category', 'open', 'disputed', 'decided']) tr.append(el('td', String(row[key]))); document.getElementById('rows').append(tr); }
          for (const [name, count] of Object.entries(data.reviewers)) document.getElementById('reviewers').append(el('li', name + ': ' + count));
          document.getElementById('agreement').textContent = 'Agreement: ' + data.pairs + ' pairs, ' + data.agreementPercent.toFixed(1) + '%, kappa ' + (data.kappa === null || data.kappa === undefined ? 'n/a' : data.kappa.toFixed(3));
        }); }
        </script></body></html>
        """

    static let audit = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>MMLU-Pro review audit</title>\(style)\(common)</head><body>
        \(nav)<h1>Audit log</h1><table><thead><tr><th>#</th><th>when</th><th>who</th><th>what</th><th>task</th><th>decision</th><th>guideline</th></tr></thead><tbody id="rows"></tbody></table>
        <script>
        if (token()) { document.getElementById('signin').hidden = true; const task = new URLSearchParams(location.search).get('task');
          api('GET', '/api/audit' + (task ? '?task=' + encodeURIComponent(task) : '')).then(events => {
          for (const e of events) { const tr = el('tr'); for (const v of [e.id, e.at, e.reviewer, e.kind, e.task, e.decision || '', e.guidelineVersion]) tr.append(el('td', String(v))); document.getElementById('rows').append(tr); }
        }); }
        </script></body></html>
        """
}
