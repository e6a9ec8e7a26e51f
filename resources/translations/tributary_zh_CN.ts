<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUrlsDialog</name>
    <message>
        <source>Add downloads</source>
        <translation>添加下载</translation>
    </message>
    <message>
        <source>https://example.org/file.iso  [sha256]
…</source>
        <translation>https://example.org/file.iso  [sha256]
…</translation>
    </message>
    <message>
        <source>Import list…</source>
        <translation>导入列表…</translation>
    </message>
    <message>
        <source>One http or https URL per line, optionally followed by its SHA-256.</source>
        <translation>每行一个 http 或 https 网址，可在其后附上 SHA-256。</translation>
    </message>
    <message>
        <source>Import a list of URLs</source>
        <translation>导入网址列表</translation>
    </message>
    <message>
        <source>Lists (*.txt *.csv);;All files (*)</source>
        <translation>列表 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ArraysPanel</name>
    <message>
        <source>Mandelbrot iterations</source>
        <translation>曼德博迭代次数</translation>
    </message>
    <message>
        <source>Render</source>
        <translation>渲染</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Left click zooms in, right click zooms out</source>
        <translation>左键放大，右键缩小</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>元素个数</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>计算核</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <source>Processes + shared memory</source>
        <translation>多进程 + 共享内存</translation>
    </message>
    <message>
        <source>Threads, one array</source>
        <translation>多线程，单个数组</translation>
    </message>
    <message>
        <source>Single (baseline)</source>
        <translation>单进程（基准）</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Rendered in {s:.2f} s</source>
        <translation>渲染用时 {s:.2f} 秒</translation>
    </message>
    <message>
        <source>Render cancelled</source>
        <translation>渲染已取消</translation>
    </message>
    <message>
        <source>Render failed: {e}</source>
        <translation>渲染失败：{e}</translation>
    </message>
    <message>
        <source>{rows} of {height} rows</source>
        <translation>已完成 {rows}/{height} 行</translation>
    </message>
    <message>
        <source>{kernel} over {n} elements: {result!r}</source>
        <translation>{kernel}，共 {n} 个元素：{result!r}</translation>
    </message>
    <message>
        <source>exact sum {exact} ({verdict}); floating-point relative error {err:.1e}</source>
        <translation>精确和 {exact}（{verdict}）；浮点相对误差 {err:.1e}</translation>
    </message>
    <message>
        <source>matches the closed form</source>
        <translation>与闭式公式一致</translation>
    </message>
    <message>
        <source>DIFFERS from the closed form</source>
        <translation>与闭式公式不一致</translation>
    </message>
    <message>
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {gbps:.2f} GB/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），{gbps:.2f} GB/秒</translation>
    </message>
    <message>
        <source>speed-up {x:.2f}× against one process ({base:.3f} s, measured earlier in this session)</source>
        <translation>相对单进程加速 {x:.2f}×（单进程 {base:.3f} 秒，本次会话中较早测得）</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <source>compute seconds</source>
        <translation>计算秒数</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <source>Add URLs…</source>
        <translation>添加网址…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>At once</source>
        <translation>同时下载</translation>
    </message>
    <message>
        <source>per server</source>
        <translation>每个服务器</translation>
    </message>
    <message>
        <source>Write SHA256SUMS</source>
        <translation>写入 SHA256SUMS</translation>
    </message>
    <message>
        <source>Record the SHA-256 of every finished file in SHA256SUMS in its folder</source>
        <translation>将每个已完成文件的 SHA-256 记录到其所在文件夹的 SHA256SUMS 中</translation>
    </message>
    <message>
        <source>Decompress .gz</source>
        <translation>解压 .gz</translation>
    </message>
    <message>
        <source>Decompress finished .gz files next to them (off the GUI thread)</source>
        <translation>在原位置解压已完成的 .gz 文件（不占用界面线程）</translation>
    </message>
    <message>
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
    </message>
    <message>
        <source>{done} of {total} files · {bytes} · {speed}/s</source>
        <translation>{done}/{total} 个文件 · {bytes} · {speed}/秒</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <source>array size</source>
        <translation>数组大小</translation>
    </message>
    <message>
        <source>upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <source>Unknown kernel {kernel!r}; choose one of {choices}.</source>
        <translation>未知的计算核 {kernel!r}；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>The array needs at least one element.</source>
        <translation>数组至少需要一个元素。</translation>
    </message>
    <message>
        <source>{n:,} elements need {gb:.1f} GB; at most {limit:,} elements fit in the memory available now ({limit_gb:.1f} GB).</source>
        <translation>{n:,} 个元素需要 {gb:.1f} GB；当前可用内存最多容纳 {limit:,} 个元素（{limit_gb:.1f} GB）。</translation>
    </message>
    <message>
        <source>Squares of indices past {last:,} overflow 64-bit integers; use at most {most:,} elements.</source>
        <translation>超过 {last:,} 的下标平方会溢出 64 位整数；最多使用 {most:,} 个元素。</translation>
    </message>
    <message>
        <source>{done:,} of {n:,} elements</source>
        <translation>已完成 {done:,}/{n:,} 个元素</translation>
    </message>
    <message>
        <source>The image must have between 1 and 16 million pixels.</source>
        <translation>图像的像素数必须在 1 到 1600 万之间。</translation>
    </message>
    <message>
        <source>{rows} of {height} rows</source>
        <translation>已完成 {rows}/{height} 行</translation>
    </message>
    <message>
        <source>The {what} is empty.</source>
        <translation>{what}为空。</translation>
    </message>
    <message>
        <source>The {what} must not be negative.</source>
        <translation>{what}不能为负数。</translation>
    </message>
    <message>
        <source>The {what} {raw} is past the maximum {maximum:,}.</source>
        <translation>{what} {raw} 超过了最大值 {maximum:,}。</translation>
    </message>
    <message>
        <source>The {what} {raw} is too large.</source>
        <translation>{what} {raw} 太大。</translation>
    </message>
    <message>
        <source>The {what} {raw} is not a whole number.</source>
        <translation>{what} {raw} 不是整数。</translation>
    </message>
    <message>
        <source>The {what} {raw!r} is not a number (try 1e9, 10^12, 2**40 or 1,000,000).</source>
        <translation>{what} {raw!r} 不是数字（可试试 1e9、10^12、2**40 或 1,000,000）。</translation>
    </message>
    <message>
        <source>The lower bound is greater than the upper bound.</source>
        <translation>下界大于上界。</translation>
    </message>
    <message>
        <source>{count:,} primes so far</source>
        <translation>目前找到 {count:,} 个素数</translation>
    </message>
    <message>
        <source>Only http and https URLs can be downloaded, not {url!r}.</source>
        <translation>只能下载 http 和 https 网址，不能下载 {url!r}。</translation>
    </message>
    <message>
        <source>The batch deadline of {seconds:g} s passed before this item finished.</source>
        <translation>此项完成前，批次时限 {seconds:g} 秒已到。</translation>
    </message>
    <message>
        <source>{error} (gave up after {retries} retries)</source>
        <translation>{error}（重试 {retries} 次后放弃）</translation>
    </message>
    <message>
        <source>{error}; retry {attempt} of {retries} in {delay:.1f} s</source>
        <translation>{error}；{delay:.1f} 秒后进行第 {attempt}/{retries} 次重试</translation>
    </message>
    <message>
        <source>Refusing to resume: {path} is not a regular file.</source>
        <translation>拒绝续传：{path} 不是普通文件。</translation>
    </message>
    <message>
        <source>Refused a redirect to a non-http URL ({error}).</source>
        <translation>已拒绝重定向到非 http 网址（{error}）。</translation>
    </message>
    <message>
        <source>Too many redirects (more than 10).</source>
        <translation>重定向次数过多（超过 10 次）。</translation>
    </message>
    <message>
        <source>connection problem: {error}</source>
        <translation>连接问题：{error}</translation>
    </message>
    <message>
        <source>the server answered {status} {reason}</source>
        <translation>服务器返回 {status} {reason}</translation>
    </message>
    <message>
        <source>The server answered {status} {reason}.</source>
        <translation>服务器返回 {status} {reason}。</translation>
    </message>
    <message>
        <source>The server sent an HTML page instead of the rest of the file; the partial file was kept.</source>
        <translation>服务器发送的是 HTML 页面而不是文件的剩余部分；已保留部分文件。</translation>
    </message>
    <message>
        <source>Unsafe file name from the server: {error}</source>
        <translation>服务器提供的文件名不安全：{error}</translation>
    </message>
    <message>
        <source>the connection closed after {done:,} of {total:,} bytes</source>
        <translation>连接在 {done:,}/{total:,} 字节后关闭</translation>
    </message>
    <message>
        <source>Cannot use the folder {folder}: {reason}.</source>
        <translation>无法使用文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <source>Not enough free space in {folder}: {needed:,} bytes needed, {free:,} free.</source>
        <translation>{folder} 空间不足：需要 {needed:,} 字节，可用 {free:,} 字节。</translation>
    </message>
    <message>
        <source>SHA-256 mismatch: expected {expected}, got {got}; the file was discarded.</source>
        <translation>SHA-256 不匹配：应为 {expected}，实际为 {got}；文件已丢弃。</translation>
    </message>
    <message>
        <source>Could not decompress {name}: {error}</source>
        <translation>无法解压 {name}：{error}</translation>
    </message>
    <message>
        <source>Refusing to write: {path} is not a regular file.</source>
        <translation>拒绝写入：{path} 不是普通文件。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}; the partial file was kept.</source>
        <translation>无法写入 {path}：{reason}；已保留部分文件。</translation>
    </message>
    <message>
        <source>{type}: {detail}</source>
        <translation>{type}：{detail}</translation>
    </message>
    <message>
        <source>Write the local cluster as local or local:N (N workers), not {text!r}.</source>
        <translation>本机集群请写作 local 或 local:N（N 个工作进程），而不是 {text!r}。</translation>
    </message>
    <message>
        <source>A local cluster has between 1 and 256 workers.</source>
        <translation>本机集群的工作进程数须在 1 到 256 之间。</translation>
    </message>
    <message>
        <source>The scheduler address {address!r} is not like tcp://HOST:8786.</source>
        <translation>调度器地址 {address!r} 的格式应类似 tcp://HOST:8786。</translation>
    </message>
    <message>
        <source>The Dask scheduler at {address} has no workers: start some with dask worker {address}.</source>
        <translation>位于 {address} 的 Dask 调度器没有工作节点：请用 dask worker {address} 启动一些。</translation>
    </message>
    <message>
        <source>Cannot reach the Dask scheduler at {address}: {detail}</source>
        <translation>无法连接位于 {address} 的 Dask 调度器：{detail}</translation>
    </message>
    <message>
        <source>{address} answers, but it is not a Dask scheduler.</source>
        <translation>{address} 有应答，但它不是 Dask 调度器。</translation>
    </message>
    <message>
        <source>n must be at least 1.</source>
        <translation>n 至少为 1。</translation>
    </message>
    <message>
        <source>The n-th prime asked for lies past the maximum {maximum:,}.</source>
        <translation>所求的第 n 个素数超出了上限 {maximum:,}。</translation>
    </message>
    <message>
        <source>{count:,} primes counted of {n:,}</source>
        <translation>已数出 {count:,} 个素数（共需 {n:,} 个）</translation>
    </message>
    <message>
        <source>The C kernel (libprimesieve) is not available here: {reason}</source>
        <translation>此处无法使用 C 内核（libprimesieve）：{reason}</translation>
    </message>
    <message>
        <source>Unknown kernel {kernel!r}; choose auto, libprimesieve or numpy.</source>
        <translation>未知内核 {kernel!r}；请选择 auto、libprimesieve 或 numpy。</translation>
    </message>
    <message>
        <source>No cluster is set up: choose a local cluster or a scheduler address.</source>
        <translation>尚未设置集群：请选择本机集群或填写调度器地址。</translation>
    </message>
    <message>
        <source>Lost the connection to the Dask scheduler at {address}.</source>
        <translation>与位于 {address} 的 Dask 调度器的连接已断开。</translation>
    </message>
    <message>
        <source>The cluster dropped a chunk of this job (a worker or the scheduler went away).</source>
        <translation>集群丢弃了此任务的一个分块（某个工作节点或调度器已离开）。</translation>
    </message>
    <message>
        <source>Cluster workers kept dying while running a chunk ({detail}); the job stopped without a result.</source>
        <translation>集群工作节点在运行某个分块时反复崩溃（{detail}）；任务已停止，没有结果。</translation>
    </message>
    <message>
        <source>Threads share one Python interpreter and its GIL: only one thread runs Python at a time. A call into C that releases the GIL (libprimesieve through ctypes) lets threads sieve at once, so they scale like processes without the start-up and copying that processes cost. The numpy sieve makes many small calls with Python in between, so its threads mostly take turns; processes each have their own interpreter and scale either way.</source>
        <translation>线程共享同一个 Python 解释器及其 GIL：同一时刻只有一个线程在运行 Python。释放 GIL 的 C 调用（通过 ctypes 调用 libprimesieve）让多个线程同时筛选，因此线程能像进程一样扩展，却没有进程的启动和数据复制开销。numpy 筛法由许多小调用组成，中间夹着 Python 代码，所以它的线程大多在轮流执行；而每个进程都有自己的解释器，两种内核都能扩展。</translation>
    </message>
    <message>
        <source>With the C kernel, {workers} threads ran {threads:.2f}× as fast as one thread and {workers} processes {processes:.2f}×: libprimesieve releases the GIL for the whole of each call, so the threads of one process sieve at once. The numpy sieve on {numpy_workers} threads reached {numpy:.2f}×: it is many small numpy calls with Python in between, and only one thread can run Python at a time.</source>
        <translation>使用 C 内核时，{workers} 个线程的速度是单线程的 {threads:.2f} 倍，{workers} 个进程为 {processes:.2f} 倍：libprimesieve 在每次调用期间都释放 GIL，所以同一进程的多个线程能同时筛选。numpy 筛法在 {numpy_workers} 个线程上只达到 {numpy:.2f} 倍：它由许多小的 numpy 调用组成，中间夹着 Python 代码，而同一时刻只有一个线程能运行 Python。</translation>
    </message>
    <message>
        <source>libprimesieve is not available here, so the numpy sieve ran everywhere: {workers} processes ran {processes:.2f}× as fast as one, {workers} threads {threads:.2f}×. Threads take turns at the GIL between numpy&apos;s many small calls; processes each have their own interpreter.</source>
        <translation>此处无法使用 libprimesieve，因此全部使用 numpy 筛法：{workers} 个进程的速度是单个的 {processes:.2f} 倍，{workers} 个线程为 {threads:.2f} 倍。在 numpy 的众多小调用之间，线程要轮流获取 GIL；而每个进程都有自己的解释器。</translation>
    </message>
</context>
<context>
    <name>JobPanel</name>
    <message>
        <source>Cancel selected</source>
        <translation>取消所选</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>LogDock</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tributary</source>
        <translation>Tributary 支流</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Primes</source>
        <translation>素数</translation>
    </message>
    <message>
        <source>Shared memory</source>
        <translation>共享内存</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>UI lateness p99 {p99:.1f} ms · max {max:.1f} ms</source>
        <translation>界面延迟 p99 {p99:.1f} 毫秒 · 最大 {max:.1f} 毫秒</translation>
    </message>
</context>
<context>
    <name>PrimesPanel</name>
    <message>
        <source>Lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <source>Upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <source>Run on</source>
        <translation>运行方式</translation>
    </message>
    <message>
        <source>Inclusive; accepts 1e9, 10^12, 2**40, 1,000,000</source>
        <translation>包含端点；可输入 1e9、10^12、2**40、1,000,000</translation>
    </message>
    <message>
        <source>Inclusive; at most 10^15</source>
        <translation>包含端点；最大 10^15</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>List to file</source>
        <translation>列出到文件</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>多进程</translation>
    </message>
    <message>
        <source>Threads (GIL-bound)</source>
        <translation>多线程（受 GIL 限制）</translation>
    </message>
    <message>
        <source>Also count twin primes</source>
        <translation>同时统计孪生素数</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Scaling run</source>
        <translation>扩展性测试</translation>
    </message>
    <message>
        <source>Count the range with 1, 2, … workers and plot the speed-up</source>
        <translation>分别用 1、2、… 个工作进程统计该范围并绘制加速比</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>List primes into</source>
        <translation>将素数列出到</translation>
    </message>
    <message>
        <source>Text (*.txt);;CSV (*.csv)</source>
        <translation>文本 (*.txt);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Sieving…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <source>{count} primes in [{low}, {high}]</source>
        <translation>[{low}, {high}] 中有 {count} 个素数</translation>
    </message>
    <message>
        <source>{twins} twin pairs</source>
        <translation>{twins} 对孪生素数</translation>
    </message>
    <message>
        <source>first {first}, last {last}</source>
        <translation>第一个 {first}，最后一个 {last}</translation>
    </message>
    <message>
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {rate} numbers/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），每秒 {rate} 个数</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <source>speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <source>ideal</source>
        <translation>理想</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>{w} worker(s): {s:.3f} s, speed-up {x:.2f}×</source>
        <translation>{w} 个工作进程：{s:.3f} 秒，加速比 {x:.2f}×</translation>
    </message>
    <message>
        <source>Export the result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Text (*.txt)</source>
        <translation>CSV (*.csv);;文本 (*.txt)</translation>
    </message>
    <message>
        <source>primes per bucket</source>
        <translation>每段素数个数</translation>
    </message>
</context>
</TS>
