<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUrlsDialog</name>
    <message>
        <location filename="../../gui/panels/downloads.py" line="44" />
        <source>Add downloads</source>
        <translation>添加下载</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="46" />
        <source>https://example.org/file.iso  [sha256]
…</source>
        <translation>https://example.org/file.iso  [sha256]
…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="47" />
        <source>Import list…</source>
        <translation>导入列表…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="53" />
        <source>One http or https URL per line, optionally followed by its SHA-256.</source>
        <translation>每行一个 http 或 https 网址，可在其后附上 SHA-256。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="63" />
        <source>Import a list of URLs</source>
        <translation>导入网址列表</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="63" />
        <source>Lists (*.txt *.csv);;All files (*)</source>
        <translation>列表 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ArraysPanel</name>
    <message>
        <location filename="../../gui/panels/arrays.py" line="100" />
        <source>Mandelbrot iterations</source>
        <translation>曼德博迭代次数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="101" />
        <source>Render</source>
        <translation>渲染</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="102" />
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="103" />
        <source>Left click zooms in, right click zooms out</source>
        <translation>左键放大，右键缩小</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="104" />
        <source>Elements</source>
        <translation>元素个数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="104" />
        <source>Kernel</source>
        <translation>计算核</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="104" />
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="105" />
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="109" />
        <source>Processes + shared memory</source>
        <translation>多进程 + 共享内存</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="109" />
        <source>Threads, one array</source>
        <translation>多线程，单个数组</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="110" />
        <source>Single (baseline)</source>
        <translation>单进程（基准）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="112" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="113" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="136" />
        <source>Working…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="176" />
        <source>Rendered in {s:.2f} s</source>
        <translation>渲染用时 {s:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="176" />
        <source>Render cancelled</source>
        <translation>渲染已取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="177" />
        <source>Render failed: {e}</source>
        <translation>渲染失败：{e}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="179" />
        <source>{rows} of {height} rows</source>
        <translation>已完成 {rows}/{height} 行</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="194" />
        <source>{kernel} over {n} elements: {result!r}</source>
        <translation>{kernel}，共 {n} 个元素：{result!r}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="197" />
        <source>exact sum {exact} ({verdict}); floating-point relative error {err:.1e}</source>
        <translation>精确和 {exact}（{verdict}）；浮点相对误差 {err:.1e}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="199" />
        <source>matches the closed form</source>
        <translation>与闭式公式一致</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="200" />
        <source>DIFFERS from the closed form</source>
        <translation>与闭式公式不一致</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="201" />
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {gbps:.2f} GB/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），{gbps:.2f} GB/秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="208" />
        <source>speed-up {x:.2f}× against one process ({base:.3f} s, measured earlier in this session)</source>
        <translation>相对单进程加速 {x:.2f}×（单进程 {base:.3f} 秒，本次会话中较早测得）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="214" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="216" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="225" />
        <source>compute seconds</source>
        <translation>计算秒数</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <location filename="../../gui/models.py" line="204" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="205" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="206" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="207" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="208" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="209" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="210" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="216" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="217" />
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="218" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="219" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="220" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="221" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../gui/panels/downloads.py" line="168" />
        <source>Add URLs…</source>
        <translation>添加网址…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="168" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="168" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="169" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="169" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="169" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="170" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="174" />
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="175" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="176" />
        <source>At once</source>
        <translation>同时下载</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="177" />
        <source>per server</source>
        <translation>每个服务器</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="178" />
        <source>Write SHA256SUMS</source>
        <translation>写入 SHA256SUMS</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="179" />
        <source>Record the SHA-256 of every finished file in SHA256SUMS in its folder</source>
        <translation>将每个已完成文件的 SHA-256 记录到其所在文件夹的 SHA256SUMS 中</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="180" />
        <source>Decompress .gz</source>
        <translation>解压 .gz</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="181" />
        <source>Decompress finished .gz files next to them (off the GUI thread)</source>
        <translation>在原位置解压已完成的 .gz 文件（不占用界面线程）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="219" />
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="284" />
        <source>{done} of {total} files · {bytes} · {speed}/s</source>
        <translation>{done}/{total} 个文件 · {bytes} · {speed}/秒</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <location filename="../../gui/i18n.py" line="99" />
        <location filename="../../gui/panels/primes.py" line="132" />
        <location filename="../../gui/panels/primes.py" line="145" />
        <location filename="../../workers/primes.py" line="82" />
        <source>lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="26" />
        <source>array size</source>
        <translation>数组大小</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="133" />
        <location filename="../../gui/panels/primes.py" line="146" />
        <location filename="../../workers/primes.py" line="83" />
        <source>upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="117" />
        <source>Unknown kernel {kernel!r}; choose one of {choices}.</source>
        <translation>未知的计算核 {kernel!r}；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="119" />
        <source>The array needs at least one element.</source>
        <translation>数组至少需要一个元素。</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="122" />
        <source>{n:,} elements need {gb:.1f} GB; at most {limit:,} elements fit in the memory available now ({limit_gb:.1f} GB).</source>
        <translation>{n:,} 个元素需要 {gb:.1f} GB；当前可用内存最多容纳 {limit:,} 个元素（{limit_gb:.1f} GB）。</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="124" />
        <source>Squares of indices past {last:,} overflow 64-bit integers; use at most {most:,} elements.</source>
        <translation>超过 {last:,} 的下标平方会溢出 64 位整数；最多使用 {most:,} 个元素。</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="292" />
        <source>{done:,} of {n:,} elements</source>
        <translation>已完成 {done:,}/{n:,} 个元素</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="337" />
        <source>The image must have between 1 and 16 million pixels.</source>
        <translation>图像的像素数必须在 1 到 1600 万之间。</translation>
    </message>
    <message>
        <location filename="../../workers/arrays.py" line="345" />
        <source>{rows} of {height} rows</source>
        <translation>已完成 {rows}/{height} 行</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="41" />
        <source>The {what} is empty.</source>
        <translation>{what}为空。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="43" />
        <source>The {what} must not be negative.</source>
        <translation>{what}不能为负数。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="51" />
        <source>The {what} {raw} is past the maximum {maximum:,}.</source>
        <translation>{what} {raw} 超过了最大值 {maximum:,}。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="60" />
        <location filename="../../workers/primes.py" line="67" />
        <source>The {what} {raw} is too large.</source>
        <translation>{what} {raw} 太大。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="72" />
        <source>The {what} {raw} is not a whole number.</source>
        <translation>{what} {raw} 不是整数。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="77" />
        <source>The {what} {raw!r} is not a number (try 1e9, 10^12, 2**40 or 1,000,000).</source>
        <translation>{what} {raw!r} 不是数字（可试试 1e9、10^12、2**40 或 1,000,000）。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="85" />
        <source>The lower bound is greater than the upper bound.</source>
        <translation>下界大于上界。</translation>
    </message>
    <message>
        <location filename="../../workers/primes.py" line="390" />
        <source>{count:,} primes so far</source>
        <translation>目前找到 {count:,} 个素数</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="87" />
        <source>Only http and https URLs can be downloaded, not {url!r}.</source>
        <translation>只能下载 http 和 https 网址，不能下载 {url!r}。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="338" />
        <source>The batch deadline of {seconds:g} s passed before this item finished.</source>
        <translation>此项完成前，批次时限 {seconds:g} 秒已到。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="388" />
        <source>{error} (gave up after {retries} retries)</source>
        <translation>{error}（重试 {retries} 次后放弃）</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="394" />
        <source>{error}; retry {attempt} of {retries} in {delay:.1f} s</source>
        <translation>{error}；{delay:.1f} 秒后进行第 {attempt}/{retries} 次重试</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="414" />
        <source>Refusing to resume: {path} is not a regular file.</source>
        <translation>拒绝续传：{path} 不是普通文件。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="428" />
        <source>Refused a redirect to a non-http URL ({error}).</source>
        <translation>已拒绝重定向到非 http 网址（{error}）。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="430" />
        <source>Too many redirects (more than 10).</source>
        <translation>重定向次数过多（超过 10 次）。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="432" />
        <source>connection problem: {error}</source>
        <translation>连接问题：{error}</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="437" />
        <source>the server answered {status} {reason}</source>
        <translation>服务器返回 {status} {reason}</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="440" />
        <source>The server answered {status} {reason}.</source>
        <translation>服务器返回 {status} {reason}。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="451" />
        <source>The server sent an HTML page instead of the rest of the file; the partial file was kept.</source>
        <translation>服务器发送的是 HTML 页面而不是文件的剩余部分；已保留部分文件。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="462" />
        <source>Unsafe file name from the server: {error}</source>
        <translation>服务器提供的文件名不安全：{error}</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="498" />
        <source>the connection closed after {done:,} of {total:,} bytes</source>
        <translation>连接在 {done:,}/{total:,} 字节后关闭</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="518" />
        <source>Cannot use the folder {folder}: {reason}.</source>
        <translation>无法使用文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="521" />
        <source>Not enough free space in {folder}: {needed:,} bytes needed, {free:,} free.</source>
        <translation>{folder} 空间不足：需要 {needed:,} 字节，可用 {free:,} 字节。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="529" />
        <source>SHA-256 mismatch: expected {expected}, got {got}; the file was discarded.</source>
        <translation>SHA-256 不匹配：应为 {expected}，实际为 {got}；文件已丢弃。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="569" />
        <source>Could not decompress {name}: {error}</source>
        <translation>无法解压 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="619" />
        <source>Refusing to write: {path} is not a regular file.</source>
        <translation>拒绝写入：{path} 不是普通文件。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="626" />
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../workers/downloads/engine.py" line="636" />
        <source>Cannot write {path}: {reason}; the partial file was kept.</source>
        <translation>无法写入 {path}：{reason}；已保留部分文件。</translation>
    </message>
</context>
<context>
    <name>JobPanel</name>
    <message>
        <location filename="../../gui/panels/base.py" line="51" />
        <source>Cancel selected</source>
        <translation>取消所选</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
    <message>
        <location filename="../../gui/models.py" line="21" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="22" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="23" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="24" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="25" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>Kind</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>Runs on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="46" />
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>LogDock</name>
    <message>
        <location filename="../../gui/log_dock.py" line="48" />
        <source>Log</source>
        <translation>日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="81" />
        <source>Tributary</source>
        <extracomment>the user asked to close; the app shuts down after this the first paint happened</extracomment>
        <translation>Tributary 支流</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="82" />
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="83" />
        <source>Primes</source>
        <translation>素数</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="84" />
        <source>Shared memory</source>
        <translation>共享内存</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="85" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="86" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="87" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="88" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="94" />
        <source>UI lateness p99 {p99:.1f} ms · max {max:.1f} ms</source>
        <translation>界面延迟 p99 {p99:.1f} 毫秒 · 最大 {max:.1f} 毫秒</translation>
    </message>
</context>
<context>
    <name>PrimesPanel</name>
    <message>
        <location filename="../../gui/panels/primes.py" line="107" />
        <source>Lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="107" />
        <source>Upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="107" />
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="108" />
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="108" />
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="108" />
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="110" />
        <source>Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000</source>
        <translation>包含端点；可输入 1e9、10^12、2**40、1,000,000</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="111" />
        <source>Inclusive; at most 10^15</source>
        <translation>包含端点；最大 10^15</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="114" />
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="114" />
        <source>List to file</source>
        <translation>列出到文件</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="118" />
        <source>Processes</source>
        <translation>多进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="118" />
        <source>Threads (GIL-bound)</source>
        <translation>多线程（受 GIL 限制）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="120" />
        <source>Also count twin primes</source>
        <translation>同时统计孪生素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="121" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="122" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="123" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="124" />
        <source>Scaling run</source>
        <translation>扩展性测试</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="125" />
        <source>Count the range with 1, 2, … workers and plot the speed-up</source>
        <translation>分别用 1、2、… 个工作进程统计该范围并绘制加速比</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="126" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="127" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="175" />
        <source>List primes into</source>
        <translation>将素数列出到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="176" />
        <source>Text (*.txt);;CSV (*.csv)</source>
        <translation>文本 (*.txt);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="187" />
        <source>Sieving…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="214" />
        <source>{count} primes in [{low}, {high}]</source>
        <translation>[{low}, {high}] 中有 {count} 个素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="217" />
        <source>{twins} twin pairs</source>
        <translation>{twins} 对孪生素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="218" />
        <source>first {first}, last {last}</source>
        <translation>第一个 {first}，最后一个 {last}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="219" />
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {rate} numbers/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），每秒 {rate} 个数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="225" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="227" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="253" />
        <source>workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="254" />
        <source>speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="257" />
        <source>ideal</source>
        <translation>理想</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="259" />
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="264" />
        <source>{w} worker(s): {s:.3f} s, speed-up {x:.2f}×</source>
        <translation>{w} 个工作进程：{s:.3f} 秒，加速比 {x:.2f}×</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="268" />
        <source>Export the result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="269" />
        <source>CSV (*.csv);;Text (*.txt)</source>
        <translation>CSV (*.csv);;文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="296" />
        <source>primes per bucket</source>
        <translation>每段素数个数</translation>
    </message>
</context>
</TS>