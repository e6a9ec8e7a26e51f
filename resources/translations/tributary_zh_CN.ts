<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUrlsDialog</name>
    <message>
        <location filename="../../gui/panels/downloads.py" line="43" />
        <source>Add downloads</source>
        <translation>添加下载</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="45" />
        <source>https://example.org/file.iso  [sha256]
…</source>
        <translation>https://example.org/file.iso  [sha256]
…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="46" />
        <source>Import list…</source>
        <translation>导入列表…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="52" />
        <source>One http or https URL per line, optionally followed by its SHA-256.</source>
        <translation>每行一个 http 或 https 网址，可在其后附上 SHA-256。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="62" />
        <source>Import a list of URLs</source>
        <translation>导入网址列表</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="62" />
        <source>Lists (*.txt *.csv);;All files (*)</source>
        <translation>列表 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ArraysPanel</name>
    <message>
        <location filename="../../gui/panels/arrays.py" line="98" />
        <source>Mandelbrot iterations</source>
        <translation>曼德博迭代次数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="99" />
        <source>Render</source>
        <translation>渲染</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="100" />
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="101" />
        <source>Left click zooms in, right click zooms out</source>
        <translation>左键放大，右键缩小</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="102" />
        <source>Elements</source>
        <translation>元素个数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="102" />
        <source>Kernel</source>
        <translation>计算核</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="102" />
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="103" />
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="107" />
        <source>Processes + shared memory</source>
        <translation>多进程 + 共享内存</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="107" />
        <source>Threads, one array</source>
        <translation>多线程，单个数组</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="108" />
        <source>Single (baseline)</source>
        <translation>单进程（基准）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="110" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="111" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="134" />
        <source>Working…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="174" />
        <source>Rendered in {s:.2f} s</source>
        <translation>渲染用时 {s:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="174" />
        <source>Render cancelled</source>
        <translation>渲染已取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="175" />
        <source>Render failed: {e}</source>
        <translation>渲染失败：{e}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="177" />
        <source>{rows} of {height} rows</source>
        <translation>已完成 {rows}/{height} 行</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="192" />
        <source>{kernel} over {n} elements: {result!r}</source>
        <translation>{kernel}，共 {n} 个元素：{result!r}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="195" />
        <source>exact sum {exact} ({verdict}); floating-point relative error {err:.1e}</source>
        <translation>精确和 {exact}（{verdict}）；浮点相对误差 {err:.1e}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="197" />
        <source>matches the closed form</source>
        <translation>与闭式公式一致</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="198" />
        <source>DIFFERS from the closed form</source>
        <translation>与闭式公式不一致</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="199" />
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {gbps:.2f} GB/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），{gbps:.2f} GB/秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="206" />
        <source>speed-up {x:.2f}× against one process ({base:.3f} s, measured earlier in this session)</source>
        <translation>相对单进程加速 {x:.2f}×（单进程 {base:.3f} 秒，本次会话中较早测得）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="212" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="214" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="223" />
        <source>compute seconds</source>
        <translation>计算秒数</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <location filename="../../gui/models.py" line="198" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="199" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="200" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="201" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="202" />
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="203" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="204" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="210" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="211" />
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="212" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="213" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="214" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="215" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../gui/panels/downloads.py" line="167" />
        <source>Add URLs…</source>
        <translation>添加网址…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="167" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="167" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="168" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="168" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="168" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="169" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="173" />
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="174" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="175" />
        <source>At once</source>
        <translation>同时下载</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="176" />
        <source>per server</source>
        <translation>每个服务器</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="177" />
        <source>Write SHA256SUMS</source>
        <translation>写入 SHA256SUMS</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="178" />
        <source>Record the SHA-256 of every finished file in SHA256SUMS in its folder</source>
        <translation>将每个已完成文件的 SHA-256 记录到其所在文件夹的 SHA256SUMS 中</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="179" />
        <source>Decompress .gz</source>
        <translation>解压 .gz</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="180" />
        <source>Decompress finished .gz files next to them (off the GUI thread)</source>
        <translation>在原位置解压已完成的 .gz 文件（不占用界面线程）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="218" />
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="283" />
        <source>{done} of {total} files · {bytes} · {speed}/s</source>
        <translation>{done}/{total} 个文件 · {bytes} · {speed}/秒</translation>
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
        <location filename="../../gui/models.py" line="20" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="21" />
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="22" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="23" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="24" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
        <source>Kind</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
        <source>Runs on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../gui/models.py" line="45" />
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
        <location filename="../../gui/panels/primes.py" line="106" />
        <source>Lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="106" />
        <source>Upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="106" />
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="107" />
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="107" />
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="107" />
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="109" />
        <source>Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000</source>
        <translation>包含端点；可输入 1e9、10^12、2**40、1,000,000</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="110" />
        <source>Inclusive; at most 10^15</source>
        <translation>包含端点；最大 10^15</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="113" />
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="113" />
        <source>List to file</source>
        <translation>列出到文件</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="117" />
        <source>Processes</source>
        <translation>多进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="117" />
        <source>Threads (GIL-bound)</source>
        <translation>多线程（受 GIL 限制）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="119" />
        <source>Also count twin primes</source>
        <translation>同时统计孪生素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="120" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="121" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="122" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="123" />
        <source>Scaling run</source>
        <translation>扩展性测试</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="124" />
        <source>Count the range with 1, 2, … workers and plot the speed-up</source>
        <translation>分别用 1、2、… 个工作进程统计该范围并绘制加速比</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="125" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="126" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="173" />
        <source>List primes into</source>
        <translation>将素数列出到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="174" />
        <source>Text (*.txt);;CSV (*.csv)</source>
        <translation>文本 (*.txt);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="185" />
        <source>Sieving…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="212" />
        <source>{count} primes in [{low}, {high}]</source>
        <translation>[{low}, {high}] 中有 {count} 个素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="215" />
        <source>{twins} twin pairs</source>
        <translation>{twins} 对孪生素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="216" />
        <source>first {first}, last {last}</source>
        <translation>第一个 {first}，最后一个 {last}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="217" />
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {rate} numbers/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），每秒 {rate} 个数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="223" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="225" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="251" />
        <source>workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="252" />
        <source>speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="255" />
        <source>ideal</source>
        <translation>理想</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="257" />
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="262" />
        <source>{w} worker(s): {s:.3f} s, speed-up {x:.2f}×</source>
        <translation>{w} 个工作进程：{s:.3f} 秒，加速比 {x:.2f}×</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="266" />
        <source>Export the result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="267" />
        <source>CSV (*.csv);;Text (*.txt)</source>
        <translation>CSV (*.csv);;文本 (*.txt)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="294" />
        <source>primes per bucket</source>
        <translation>每段素数个数</translation>
    </message>
</context>
</TS>