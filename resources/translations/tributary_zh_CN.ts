<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ArraysPanel</name>
    <message>
        <location filename="../../gui/panels/arrays.py" line="64" />
        <source>Elements</source>
        <translation>元素个数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="64" />
        <source>Kernel</source>
        <translation>计算核</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="64" />
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="65" />
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="69" />
        <source>Processes + shared memory</source>
        <translation>多进程 + 共享内存</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="69" />
        <source>Threads, one array</source>
        <translation>多线程，单个数组</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="70" />
        <source>Single (baseline)</source>
        <translation>单进程（基准）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="72" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="73" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="96" />
        <source>Working…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="109" />
        <source>{kernel} over {n} elements: {result!r}</source>
        <translation>{kernel}，共 {n} 个元素：{result!r}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="112" />
        <source>exact sum {exact} ({verdict}); floating-point relative error {err:.1e}</source>
        <translation>精确和 {exact}（{verdict}）；浮点相对误差 {err:.1e}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="114" />
        <source>matches the closed form</source>
        <translation>与闭式公式一致</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="115" />
        <source>DIFFERS from the closed form</source>
        <translation>与闭式公式不一致</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="116" />
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {gbps:.2f} GB/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），{gbps:.2f} GB/秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="123" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="125" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/arrays.py" line="134" />
        <source>compute seconds</source>
        <translation>计算秒数</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../gui/panels/downloads.py" line="38" />
        <source>Paste http or https URLs, one per line.</source>
        <translation>粘贴 http 或 https 网址，每行一个。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="39" />
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="40" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../gui/panels/downloads.py" line="43" />
        <source>Download into</source>
        <translation>下载到</translation>
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
        <location filename="../../gui/main_window.py" line="86" />
        <source>Tributary</source>
        <extracomment>the user asked to close; the app shuts down after this the first paint happened</extracomment>
        <translation>Tributary 支流</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="87" />
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="88" />
        <source>Primes</source>
        <translation>素数</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="89" />
        <source>Shared memory</source>
        <translation>共享内存</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="90" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="91" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="92" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="93" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="99" />
        <source>UI lateness p99 {p99:.1f} ms · max {max:.1f} ms</source>
        <translation>界面延迟 p99 {p99:.1f} 毫秒 · 最大 {max:.1f} 毫秒</translation>
    </message>
</context>
<context>
    <name>PrimesPanel</name>
    <message>
        <location filename="../../gui/panels/primes.py" line="82" />
        <source>Lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="82" />
        <source>Upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="82" />
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="83" />
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="83" />
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="83" />
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="85" />
        <source>Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000</source>
        <translation>包含端点；可输入 1e9、10^12、2**40、1,000,000</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="86" />
        <source>Inclusive; at most 10^15</source>
        <translation>包含端点；最大 10^15</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="89" />
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="89" />
        <source>List to file</source>
        <translation>列出到文件</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="93" />
        <source>Processes</source>
        <translation>多进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="93" />
        <source>Threads (GIL-bound)</source>
        <translation>多线程（受 GIL 限制）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="95" />
        <source>Also count twin primes</source>
        <translation>同时统计孪生素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="96" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="97" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="98" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="141" />
        <source>List primes into</source>
        <translation>将素数列出到</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="142" />
        <source>Text (*.txt);;CSV (*.csv)</source>
        <translation>文本 (*.txt);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="153" />
        <source>Sieving…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="179" />
        <source>{count} primes in [{low}, {high}]</source>
        <translation>[{low}, {high}] 中有 {count} 个素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="182" />
        <source>{twins} twin pairs</source>
        <translation>{twins} 对孪生素数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="183" />
        <source>first {first}, last {last}</source>
        <translation>第一个 {first}，最后一个 {last}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="184" />
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {rate} numbers/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），每秒 {rate} 个数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="190" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="192" />
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/primes.py" line="204" />
        <source>primes per bucket</source>
        <translation>每段素数个数</translation>
    </message>
</context>
</TS>