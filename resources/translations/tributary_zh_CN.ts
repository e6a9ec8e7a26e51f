<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Tributary</source>
        <translation>关于 Tributary</translation>
    </message>
    <message>
        <source>Tributary logo</source>
        <translation>Tributary 标志</translation>
    </message>
    <message>
        <source>Many downloads and CPU-heavy jobs at once, and the window never freezes.</source>
        <translation>同时进行大量下载和计算密集型任务，窗口从不卡顿。</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>The versions of Tributary and the libraries it runs on</source>
        <translation>Tributary 及其所用库的版本</translation>
    </message>
    <message>
        <source>&amp;Copy versions</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the versions to the clipboard, e.g. for a bug report</source>
        <translation>把版本信息复制到剪贴板，例如用于报告问题</translation>
    </message>
</context>
<context>
    <name>AddUrlsDialog</name>
    <message>
        <source>Add downloads</source>
        <translation>添加下载</translation>
    </message>
    <message>
        <source>https://example.org/file.iso  [SHA-256]
…</source>
        <translation>https://example.org/file.iso  [SHA-256]
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
        <source>Render on processes</source>
        <translation>在进程上渲染</translation>
    </message>
    <message>
        <source>Render on the cluster</source>
        <translation>在集群上渲染</translation>
    </message>
    <message>
        <source>The cluster is the Dask cluster chosen in Preferences</source>
        <translation>集群即首选项中选定的 Dask 集群</translation>
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
        <source>Working…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>{kernel} over {n} elements: {result!r}</source>
        <translation>{kernel}，共 {n} 个元素：{result!r}</translation>
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
        <source>exact sum {exact} ({verdict}); floating-point relative error {err:.1e}</source>
        <translation>精确和 {exact}（{verdict}）；浮点相对误差 {err:.1e}</translation>
    </message>
    <message>
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {gbps:.2f} GB/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），{gbps:.2f} GB/秒</translation>
    </message>
    <message>
        <source>{mb} MB written to shared memory</source>
        <translation>向共享内存写入 {mb} MB</translation>
    </message>
    <message>
        <source>speed-up {x:.2f}× against one process ({base:.3f} s, measured earlier in this session); efficiency {eff:.0%} per worker</source>
        <translation>相对单进程加速 {x:.2f}×（{base:.3f} 秒，本次会话中较早测得）；每个工作进程效率 {eff:.0%}</translation>
    </message>
    <message>
        <source>Run it once on Single (baseline) to see the speed-up against one process.</source>
        <translation>先用“单进程（基准）”运行一次，即可看到相对单进程的加速比。</translation>
    </message>
    <message>
        <source>compute seconds</source>
        <translation>计算秒数</translation>
    </message>
    <message>
        <source>{rows} of {height} rows</source>
        <translation>已完成 {rows}/{height} 行</translation>
    </message>
    <message>
        <source>Rendered in {s:.2f} s</source>
        <translation>渲染用时 {s:.2f} 秒</translation>
    </message>
    <message>
        <source>Render cancelled</source>
        <translation>渲染已取消</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>No downloads yet</source>
        <translation>还没有下载</translation>
    </message>
    <message>
        <source>Drop links here, paste with Ctrl+V, or Add… (one link per line, or a .txt list).</source>
        <translation>把链接拖到这里、按 Ctrl+V 粘贴，或点“添加…”（每行一个链接，或一个 .txt 列表）。</translation>
    </message>
    <message>
        <source>No jobs yet</source>
        <translation>还没有任务</translation>
    </message>
    <message>
        <source>Start a job above; it shows here with its progress. Select it and press Cancel selected to stop it.</source>
        <translation>在上方启动任务，它会连同进度显示在这里。选中后按“取消所选”即可停止。</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Paste links</source>
        <translation>粘贴链接(&amp;P)</translation>
    </message>
    <message>
        <source>Pause &amp;all</source>
        <translation>全部暂停(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Resume all</source>
        <translation>全部继续(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Tributary</source>
        <translation>关于 Tributary(&amp;A)</translation>
    </message>
    <message>
        <source>Download folder, limits, proxy, theme, language, notifications</source>
        <translation>下载文件夹、限制、代理、主题、语言、通知</translation>
    </message>
    <message>
        <source>Add the http(s) links on the clipboard to the downloads</source>
        <translation>把剪贴板中的 http(s) 链接加入下载</translation>
    </message>
    <message>
        <source>Pause every queued and running download</source>
        <translation>暂停所有排队中和进行中的下载</translation>
    </message>
    <message>
        <source>Resume every paused download</source>
        <translation>继续所有已暂停的下载</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of the window</source>
        <translation>窗口的全部键盘快捷键</translation>
    </message>
    <message>
        <source>Versions of Tributary and the libraries it runs on</source>
        <translation>Tributary 及其所用库的版本</translation>
    </message>
    <message>
        <source>Go to {tab}</source>
        <translation>转到“{tab}”</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Downloads</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Press Render to draw the Mandelbrot set on every core.
Click to zoom in, right click to zoom out.</source>
        <translation>按“渲染”用所有核心绘制曼德博集合。
左键点击放大，右键点击缩小。</translation>
    </message>
    <message>
        <source>Pillars</source>
        <translation>功能页</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Mandelbrot image</source>
        <translation>曼德博集合图像</translation>
    </message>
    <message>
        <source>The clipboard holds no http or https link.</source>
        <translation>剪贴板中没有 http 或 https 链接。</translation>
    </message>
</context>
<context>
    <name>DownloadDetails</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Why it ended</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>接收中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>will retry</source>
        <translation>将重试</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>lost the race</source>
        <translation>竞速落后</translation>
    </message>
    <message>
        <source>Select a download to see its connections.</source>
        <translation>选择一个下载以查看它的连接。</translation>
    </message>
    <message>
        <source>Nothing holds it back.</source>
        <translation>没有任何限制拖慢它。</translation>
    </message>
    <message>
        <source>adaptive</source>
        <translation>自适应</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{active} connections open, aiming at {target} (split: {split}); speed limit: {limit}</source>
        <translation>已打开 {active} 个连接，目标 {target} 个（分段：{split}）；速度限制：{limit}</translation>
    </message>
    <message>
        <source>{when:.1f} s, connection {k}: {reason}</source>
        <translation>{when:.1f} 秒，连接 {k}：{reason}</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>重试：</translation>
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
        <source>Move to top</source>
        <translation>移到顶部</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move to bottom</source>
        <translation>移到底部</translation>
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
        <source>squares</source>
        <translation>平方</translation>
    </message>
    <message>
        <source>square roots</source>
        <translation>平方根</translation>
    </message>
    <message>
        <source>sines</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>array size</source>
        <translation>数组大小</translation>
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
        <source>Use at least one worker.</source>
        <translation>至少使用一个工作进程。</translation>
    </message>
    <message>
        <source>Unknown way to run {executor!r}; choose one of {choices}.</source>
        <translation>未知的运行方式 {executor!r}；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>{done:,} of {n:,} elements</source>
        <translation>已完成 {done:,}/{n:,} 个元素</translation>
    </message>
    <message>
        <source>{kernel} over {n:,} elements</source>
        <translation>对 {n:,} 个元素计算{kernel}</translation>
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
        <source>Mandelbrot set, {width}×{height} pixels</source>
        <translation>曼德博集合，{width}×{height} 像素</translation>
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
        <source>The server allows {n} connections: it answered {status} to connection {k}.</source>
        <translation>服务器允许 {n} 个连接：它对第 {k} 个连接返回了 {status}。</translation>
    </message>
    <message>
        <source>The server allows {n} connections: it refused connection {k}.</source>
        <translation>服务器允许 {n} 个连接：它拒绝了第 {k} 个连接。</translation>
    </message>
    <message>
        <source>No ranges: one connection only.</source>
        <translation>服务器不支持分段请求：只用一个连接。</translation>
    </message>
    <message>
        <source>The server gives no ETag or Last-Modified: one connection only.</source>
        <translation>服务器未提供 ETag 或 Last-Modified：只用一个连接。</translation>
    </message>
    <message>
        <source>The server does not say how big the file is: one connection only.</source>
        <translation>服务器未告知文件大小：只用一个连接。</translation>
    </message>
    <message>
        <source>Speed limit reached.</source>
        <translation>已达到速度限制。</translation>
    </message>
    <message>
        <source>The global speed limit is reached.</source>
        <translation>已达到全局速度限制。</translation>
    </message>
    <message>
        <source>The per-server limit of {n} connections is in use.</source>
        <translation>每服务器 {n} 个连接的上限已用满。</translation>
    </message>
    <message>
        <source>The last part was slow: it was raced on a second connection, and connection {k} won.</source>
        <translation>最后一段较慢：已用第二个连接竞速下载，连接 {k} 胜出。</translation>
    </message>
    <message>
        <source>The file changed on the server during the download: it was restarted.</source>
        <translation>下载期间服务器上的文件已改变：已从头重新下载。</translation>
    </message>
    <message>
        <source>too slow: {rate:,.0f} bytes/s over {seconds:g} s (minimum {minimum:,} bytes/s)</source>
        <translation>速度过慢：{seconds:g} 秒内仅 {rate:,.0f} 字节/秒（最低 {minimum:,} 字节/秒）</translation>
    </message>
    <message>
        <source>Resumed {n} parts where they stood.</source>
        <translation>已从原位置续传 {n} 个分段。</translation>
    </message>
    <message>
        <source>Cannot use the folder {folder}: {reason}.</source>
        <translation>无法使用文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <source>Not enough free space in {folder}: {needed:,} bytes needed, {free:,} free ({others:,} of them promised to downloads under way).</source>
        <translation>{folder} 空间不足：需要 {needed:,} 字节，可用 {free:,} 字节（其中 {others:,} 字节已预留给进行中的下载）。</translation>
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
        <source>Only http and https URLs can be downloaded, not {url!r}.</source>
        <translation>只能下载 http 和 https 网址，不能下载 {url!r}。</translation>
    </message>
    <message>
        <source>The batch deadline of {seconds:g} s passed before this item finished.</source>
        <translation>此项完成前，批次时限 {seconds:g} 秒已到。</translation>
    </message>
    <message>
        <source>The server&apos;s answers do not let this file be resumed ({reason}).</source>
        <translation>服务器的响应不允许续传此文件（{reason}）。</translation>
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
        <source>Not a valid URL: {url!r}.</source>
        <translation>不是有效的网址：{url!r}。</translation>
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
        <source>SHA-256 mismatch: expected {expected}, got {got}; the file was discarded.</source>
        <translation>SHA-256 不匹配：应为 {expected}，实际为 {got}；文件已丢弃。</translation>
    </message>
    <message>
        <source>{name} expands to more than {cap:,} bytes; it was not decompressed (the .gz was kept).</source>
        <translation>{name} 解压后超过 {cap:,} 字节；未解压（已保留 .gz 文件）。</translation>
    </message>
    <message>
        <source>Could not decompress {name}: {error} (the .gz was kept).</source>
        <translation>无法解压 {name}：{error}（已保留 .gz 文件）。</translation>
    </message>
    <message>
        <source>{name} · connection {n}</source>
        <translation>{name} · 连接 {n}</translation>
    </message>
    <message>
        <source>connection limit</source>
        <translation>连接数上限</translation>
    </message>
    <message>
        <source>Not a valid proxy address: {url!r}.</source>
        <translation>不是有效的代理地址：{url!r}。</translation>
    </message>
    <message>
        <source>A proxy is written scheme://[user:password@]host:port with scheme http, https or socks5, not {url!r}.</source>
        <translation>代理地址的格式为 协议://[用户:密码@]主机:端口，协议为 http、https 或 socks5，而不是 {url!r}。</translation>
    </message>
    <message>
        <source>Paste at least one http or https URL, one per line.</source>
        <translation>请至少粘贴一个 http 或 https 网址，每行一个。</translation>
    </message>
    <message>
        <source>Cannot create the folder {folder}: {reason}.</source>
        <translation>无法创建文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <source>Choose a folder to save the downloads in.</source>
        <translation>请选择保存下载文件的文件夹。</translation>
    </message>
    <message>
        <source>Give the full path of the download folder, not {folder}.</source>
        <translation>请填写下载文件夹的完整路径，而不是 {folder}。</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder.</source>
        <translation>{folder} 是文件，不是文件夹。</translation>
    </message>
    <message>
        <source>Choose at least one day for the schedule.</source>
        <translation>请为计划至少选择一天。</translation>
    </message>
    <message>
        <source>The schedule&apos;s start and stop times are the same.</source>
        <translation>计划的开始时间和结束时间相同。</translation>
    </message>
    <message>
        <source>The file is {size:,} bytes, not {total:,}.</source>
        <translation>文件为 {size:,} 字节，而不是 {total:,} 字节。</translation>
    </message>
    <message>
        <source>event loop</source>
        <translation>事件循环</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>多线程</translation>
    </message>
    <message>
        <source>processes</source>
        <translation>多进程</translation>
    </message>
    <message>
        <source>one process</source>
        <translation>单进程</translation>
    </message>
    <message>
        <source>Dask cluster</source>
        <translation>Dask 集群</translation>
    </message>
    <message>
        <source>{type}: {detail}</source>
        <translation>{type}：{detail}</translation>
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
        <source>found: {prime:,}</source>
        <translation>已找到：{prime:,}</translation>
    </message>
    <message>
        <source>prime #{n:,} after {after:,}</source>
        <translation>{after:,} 之后的第 {n:,} 个素数</translation>
    </message>
    <message>
        <source>lower bound</source>
        <translation>下界</translation>
    </message>
    <message>
        <source>upper bound</source>
        <translation>上界</translation>
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
        <source>value of N</source>
        <translation>N 的值</translation>
    </message>
    <message>
        <source>Unknown mode {mode!r}; choose one of {choices}.</source>
        <translation>未知的模式 {mode!r}；请从 {choices} 中选择。</translation>
    </message>
    <message>
        <source>Unknown kernel {kernel!r}; choose auto, libprimesieve or numpy.</source>
        <translation>未知内核 {kernel!r}；请选择 auto、libprimesieve 或 numpy。</translation>
    </message>
    <message>
        <source>Choose a file to list the primes into.</source>
        <translation>请选择一个文件来写入素数列表。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a file to list the primes into.</source>
        <translation>{path} 是文件夹；请选择一个文件来写入素数列表。</translation>
    </message>
    <message>
        <source>The folder of {path} does not exist.</source>
        <translation>{path} 所在的文件夹不存在。</translation>
    </message>
    <message>
        <source>Some cluster workers could not load libprimesieve; they ran the numpy sieve.</source>
        <translation>部分集群工作进程无法加载 libprimesieve，它们改用 numpy 筛法运行。</translation>
    </message>
    <message>
        <source>The cluster workers could not load libprimesieve; they ran the numpy sieve.</source>
        <translation>集群工作进程无法加载 libprimesieve，它们改用 numpy 筛法运行。</translation>
    </message>
    <message>
        <source>libprimesieve is not available here, so the numpy sieve ran: {reason}</source>
        <translation>此处无法使用 libprimesieve，因此改用 numpy 筛法运行：{reason}</translation>
    </message>
    <message>
        <source>{count:,} primes so far</source>
        <translation>目前找到 {count:,} 个素数</translation>
    </message>
    <message>
        <source>primes in [{low:,}, {high:,}]</source>
        <translation>[{low:,}, {high:,}] 中的素数</translation>
    </message>
    <message>
        <source>The C kernel (libprimesieve) is not available here: {reason}</source>
        <translation>此处无法使用 C 内核（libprimesieve）：{reason}</translation>
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
        <source>The worker processes were stopped from outside while running this job, three times; the job stopped without a result.</source>
        <translation>运行此任务时，工作进程三次被外部终止；任务已停止，没有结果。</translation>
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
        <source>processes, C kernel</source>
        <translation>进程，C 内核</translation>
    </message>
    <message>
        <source>threads, C kernel</source>
        <translation>线程，C 内核</translation>
    </message>
    <message>
        <source>threads, numpy kernel</source>
        <translation>线程，numpy 内核</translation>
    </message>
    <message>
        <source>processes, numpy kernel</source>
        <translation>进程，numpy 内核</translation>
    </message>
    <message>
        <source>{done} of {total} runs</source>
        <translation>已完成 {done}/{total} 次运行</translation>
    </message>
    <message>
        <source>scaling run over [{low:,}, {high:,}]</source>
        <translation>[{low:,}, {high:,}] 上的扩展性测试</translation>
    </message>
    <message>
        <source>A run of the series failed.</source>
        <translation>这组测量中有一次运行失败。</translation>
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
    <message>
        <source>Process pool</source>
        <translation>进程池</translation>
    </message>
    <message>
        <source>Thread pool</source>
        <translation>线程池</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Download connections</source>
        <translation>下载连接</translation>
    </message>
    <message>
        <source>Coroutine tasks</source>
        <translation>协程任务</translation>
    </message>
    <message>
        <source>worker {n} (pid {pid})</source>
        <translation>工作进程 {n}（pid {pid}）</translation>
    </message>
    <message>
        <source>thread {n}</source>
        <translation>线程 {n}</translation>
    </message>
    <message>
        <source>worker {n} (pid {pid} on {host})</source>
        <translation>工作进程 {n}（{host} 上的 pid {pid}）</translation>
    </message>
    <message>
        <source>connection {n}</source>
        <translation>连接 {n}</translation>
    </message>
    <message>
        <source>task {n}</source>
        <translation>任务 {n}</translation>
    </message>
    <message>
        <source>computing</source>
        <translation>计算中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>waiting for first byte</source>
        <translation>等待首字节</translation>
    </message>
    <message>
        <source>receiving</source>
        <translation>正在接收</translation>
    </message>
    <message>
        <source>throttled</source>
        <translation>受限等待</translation>
    </message>
    <message>
        <source>retry back-off</source>
        <translation>重试退避</translation>
    </message>
    <message>
        <source>finishing</source>
        <translation>正在收尾</translation>
    </message>
    <message>
        <source>chunk {chunk}</source>
        <translation>分块 {chunk}</translation>
    </message>
    <message>
        <source>UI lateness</source>
        <translation>界面延迟</translation>
    </message>
    <message>
        <source>Download throughput</source>
        <translation>下载吞吐量</translation>
    </message>
    <message>
        <source>Chunks in flight</source>
        <translation>进行中的分块</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Tributary: an error</source>
        <translation>Tributary：出错了</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>Something went wrong; the window stays usable and the panel was reset.</source>
        <translation>出现了意外错误；窗口仍可正常使用，相关面板已复位。</translation>
    </message>
    <message>
        <source>This happened {n} times.</source>
        <translation>此错误已发生 {n} 次。</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
</context>
<context>
    <name>JobPanel</name>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
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
        <source>Cancel selected</source>
        <translation>取消所选</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
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
    <message>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
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
    <name>LinkOfferBar</name>
    <message>
        <source>Copied links</source>
        <translation>复制的链接</translation>
    </message>
    <message>
        <source>Download the link you copied? {url}</source>
        <translation>下载你复制的链接吗？{url}</translation>
    </message>
    <message>
        <source>Download the {n} links you copied? {url} …</source>
        <translation>下载你复制的 {n} 个链接吗？{url} …</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Add the copied links to the downloads</source>
        <translation>把复制的链接加入下载</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>忽略(&amp;D)</translation>
    </message>
    <message>
        <source>Ignore these links</source>
        <translation>忽略这些链接</translation>
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
    <name>Notifier</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>{title} finished</source>
        <translation>{title} 已完成</translation>
    </message>
    <message>
        <source>Done in {time}.</source>
        <translation>用时 {time}。</translation>
    </message>
    <message>
        <source>{title} failed</source>
        <translation>{title} 失败</translation>
    </message>
    <message>
        <source>Downloads finished</source>
        <translation>下载已完成</translation>
    </message>
    <message>
        <source>Downloads finished with errors</source>
        <translation>下载已完成，但有错误</translation>
    </message>
    <message>
        <source>{done} done, {failed} failed</source>
        <translation>{done} 个完成，{failed} 个失败</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Downloads</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <source>C&amp;ompute</source>
        <translation>计算(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>保存到(&amp;T)：</translation>
    </message>
    <message>
        <source>Downloads at &amp;once:</source>
        <translation>同时下载数(&amp;O)：</translation>
    </message>
    <message>
        <source>Downloads per &amp;server:</source>
        <translation>每个服务器的下载数(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Connections per download:</source>
        <translation>每个下载的连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>Speed &amp;limit:</source>
        <translation>速度限制(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>重试次数(&amp;R)：</translation>
    </message>
    <message>
        <source>Co&amp;nnect timeout:</source>
        <translation>连接超时(&amp;N)：</translation>
    </message>
    <message>
        <source>R&amp;ead timeout:</source>
        <translation>读取超时(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Run compute jobs:</source>
        <translation>计算任务运行于(&amp;R)：</translation>
    </message>
    <message>
        <source>Scheduler &amp;address:</source>
        <translation>调度器地址(&amp;A)：</translation>
    </message>
    <message>
        <source>Show a desktop &amp;notification when downloads or long jobs end</source>
        <translation>下载或长时间任务结束时显示桌面通知(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后在托盘中继续运行(&amp;K)</translation>
    </message>
    <message>
        <source>Offer links I &amp;copy in other programs</source>
        <translation>提示我在其他程序中复制的链接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the folder new downloads are saved to</source>
        <translation>选择新下载的保存文件夹</translation>
    </message>
    <message>
        <source>Browse for the download folder</source>
        <translation>浏览下载文件夹</translation>
    </message>
    <message>
        <source>Adaptive</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限速</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>tcp://192.168.1.10:8786</source>
        <translation>tcp://192.168.1.10:8786</translation>
    </message>
    <message>
        <source>The language of the window; System follows your desktop</source>
        <translation>窗口的语言；“跟随系统”与桌面一致</translation>
    </message>
    <message>
        <source>Light or dark colours; System follows your desktop</source>
        <translation>浅色或深色；“跟随系统”与桌面一致</translation>
    </message>
    <message>
        <source>A desktop notification when a batch of downloads or a job longer than 10 seconds ends or fails; clicking it shows the window</source>
        <translation>一批下载或超过 10 秒的任务结束或失败时显示桌面通知；点击通知会显示窗口</translation>
    </message>
    <message>
        <source>Closing the window keeps Tributary running in the system tray (only where the desktop has a tray)</source>
        <translation>关闭窗口后 Tributary 在系统托盘中继续运行（仅当桌面有托盘时）</translation>
    </message>
    <message>
        <source>When you copy an http or https link in another program, offer to download it (nothing is added without your click)</source>
        <translation>在其他程序中复制 http 或 https 链接时提示下载（不经你点击不会添加任何内容）</translation>
    </message>
    <message>
        <source>Where new downloads are saved</source>
        <translation>新下载的保存位置</translation>
    </message>
    <message>
        <source>How many downloads run at the same time</source>
        <translation>同时进行的下载数量</translation>
    </message>
    <message>
        <source>How many downloads from the same server run at the same time</source>
        <translation>同一服务器同时进行的下载数量</translation>
    </message>
    <message>
        <source>Connections for one download (1–16); Adaptive lets Tributary choose</source>
        <translation>单个下载使用的连接数（1–16）；“自动”由 Tributary 决定</translation>
    </message>
    <message>
        <source>The most all downloads together may use; Unlimited when 0</source>
        <translation>所有下载合计可用的最大速度；为 0 时不限速</translation>
    </message>
    <message>
        <source>How often a download is tried again after a network error</source>
        <translation>网络错误后重新尝试下载的次数</translation>
    </message>
    <message>
        <source>How long to wait for a server to answer before trying again</source>
        <translation>等待服务器响应多久后重试</translation>
    </message>
    <message>
        <source>How long a download may receive nothing before it is tried again</source>
        <translation>下载多久收不到数据后重试</translation>
    </message>
    <message>
        <source>Send downloads through a proxy: none, the system&apos;s, HTTP or SOCKS5</source>
        <translation>通过代理下载：不使用、系统代理、HTTP 或 SOCKS5</translation>
    </message>
    <message>
        <source>The proxy&apos;s host name or address</source>
        <translation>代理的主机名或地址</translation>
    </message>
    <message>
        <source>The proxy&apos;s port</source>
        <translation>代理的端口</translation>
    </message>
    <message>
        <source>The proxy user name, if the proxy asks for one</source>
        <translation>代理用户名（如果代理要求）</translation>
    </message>
    <message>
        <source>The proxy password (kept in your settings file)</source>
        <translation>代理密码（保存在你的设置文件中）</translation>
    </message>
    <message>
        <source>Run prime and array jobs on this computer or on a Dask cluster</source>
        <translation>在本机或 Dask 集群上运行素数和数组任务</translation>
    </message>
    <message>
        <source>The address of the Dask scheduler, host:port or tcp://host:port</source>
        <translation>Dask 调度器的地址，格式为 host:port 或 tcp://host:port</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>SOCKS5</source>
        <translation>SOCKS5</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>On a Dask cluster at an address</source>
        <translation>指定地址的 Dask 集群</translation>
    </message>
    <message>
        <source>Choose a folder for downloads.</source>
        <translation>请选择下载文件夹。</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host, or choose No proxy.</source>
        <translation>请输入代理主机，或选择“不使用代理”。</translation>
    </message>
    <message>
        <source>Enter the scheduler&apos;s address as host:port, e.g. tcp://192.168.1.10:8786.</source>
        <translation>请按 host:port 格式输入调度器地址，例如 tcp://192.168.1.10:8786。</translation>
    </message>
    <message>
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
    </message>
</context>
<context>
    <name>PrimesPanel</name>
    <message>
        <source>Upper bound</source>
        <translation>上界</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
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
        <source>Kernel</source>
        <translation>计算核</translation>
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
        <source>Find the N-th prime greater than the start, e.g. 1e6</source>
        <translation>查找大于起点的第 N 个素数，例如 1e6</translation>
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
        <source>N-th prime</source>
        <translation>第 N 个素数</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>多进程</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Cluster: the Dask cluster chosen in Preferences (a local one by default)</source>
        <translation>集群：首选项中选定的 Dask 集群（默认在本机启动一个）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>libprimesieve (C)</source>
        <translation>libprimesieve（C 语言）</translation>
    </message>
    <message>
        <source>numpy</source>
        <translation>numpy</translation>
    </message>
    <message>
        <source>Auto runs libprimesieve where it is installed, else the numpy sieve</source>
        <translation>自动：已安装 libprimesieve 时使用它，否则使用 numpy 筛法</translation>
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
        <source>Scaling run</source>
        <translation>扩展性测试</translation>
    </message>
    <message>
        <source>Count the range with 1, 2, … workers on processes and threads (C kernel) and on threads with numpy, and plot the speed-ups</source>
        <translation>分别用 1、2、… 个工作单元在进程和线程（C 内核）以及线程（numpy）上统计该范围，并绘制加速比</translation>
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
        <source>Start after</source>
        <translation>起点（不含）</translation>
    </message>
    <message>
        <source>Lower bound</source>
        <translation>下界</translation>
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
        <source>Measuring the speed-up…</source>
        <translation>正在测量加速比…</translation>
    </message>
    <message>
        <source>Sieving on the Dask cluster…</source>
        <translation>正在 Dask 集群上筛选…</translation>
    </message>
    <message>
        <source>Connecting to the Dask scheduler at {address}…</source>
        <translation>正在连接位于 {address} 的 Dask 调度器…</translation>
    </message>
    <message>
        <source>Starting a Dask cluster on this computer…</source>
        <translation>正在本机启动 Dask 集群…</translation>
    </message>
    <message>
        <source>Looking for the prime…</source>
        <translation>正在查找该素数…</translation>
    </message>
    <message>
        <source>Sieving…</source>
        <translation>正在筛选…</translation>
    </message>
    <message>
        <source>The {n}-th prime after {after} is {prime}</source>
        <translation>{after} 之后的第 {n} 个素数是 {prime}</translation>
    </message>
    <message>
        <source>{count} primes in [{low}, {high}]</source>
        <translation>[{low}, {high}] 中有 {count} 个素数</translation>
    </message>
    <message>
        <source>; {twins} twin pairs</source>
        <translation>；{twins} 对孪生素数</translation>
    </message>
    <message>
        <source>first {first}, last {last}</source>
        <translation>第一个 {first}，最后一个 {last}</translation>
    </message>
    <message>
        <source>no prime in this range</source>
        <translation>此范围内没有素数</translation>
    </message>
    <message>
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s), {rate} numbers/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒），每秒 {rate} 个数</translation>
    </message>
    <message>
        <source>listed in {path}</source>
        <translation>已列出到 {path}</translation>
    </message>
    <message>
        <source>Kernel: {kernel}</source>
        <translation>内核：{kernel}</translation>
    </message>
    <message>
        <source>primes per bucket</source>
        <translation>每段素数个数</translation>
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
        <source>{series}: {points}</source>
        <translation>{series}：{points}</translation>
    </message>
    <message>
        <source>{w} × {s:.3f} s, speed-up {x:.2f}×</source>
        <translation>{w} 个 × {s:.3f} 秒，加速 {x:.2f}×</translation>
    </message>
    <message>
        <source>Export the result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Text (*.txt)</source>
        <translation>CSV (*.csv);;文本 (*.txt)</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Every shortcut of the window</source>
        <translation>窗口的全部快捷键</translation>
    </message>
</context>
<context>
    <name>TimelineDock</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>时间线(&amp;T)</translation>
    </message>
    <message>
        <source>Follow now</source>
        <translation>跟随当前</translation>
    </message>
    <message>
        <source>Keep the present at the right edge (End)</source>
        <translation>让当前时刻保持在右边缘</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Freeze the picture; recording goes on (Space)</source>
        <translation>冻结画面，记录照常进行（空格）</translation>
    </message>
    <message>
        <source>Zoom in (+ or the mouse wheel)</source>
        <translation>放大（+ 或鼠标滚轮）</translation>
    </message>
    <message>
        <source>Zoom out (−)</source>
        <translation>缩小（−）</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Everything recorded (Home)</source>
        <translation>显示已记录的全部内容</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>导出跟踪</translation>
    </message>
    <message>
        <source>Everything…</source>
        <translation>全部…</translation>
    </message>
    <message>
        <source>Selected job…</source>
        <translation>所选任务…</translation>
    </message>
    <message>
        <source>Visible range…</source>
        <translation>可见范围…</translation>
    </message>
    <message>
        <source>{spans:,} spans</source>
        <translation>{spans:,} 个区段</translation>
    </message>
    <message>
        <source>job #{id} selected</source>
        <translation>已选择任务 #{id}</translation>
    </message>
    <message>
        <source>Trace files (*.json)</source>
        <translation>跟踪文件 (*.json)</translation>
    </message>
    <message>
        <source>could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>{spans:,} spans written to {path}</source>
        <translation>已将 {spans:,} 个区段写入 {path}</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>{n:,} × {what}</source>
        <translation>{n:,} 段 · {what}</translation>
    </message>
    <message>
        <source>max {value}</source>
        <translation>最大 {value}</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>计数器</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>following now</source>
        <translation>正在跟随当前</translation>
    </message>
    <message>
        <source>{span} shown</source>
        <translation>显示 {span}</translation>
    </message>
    <message>
        <source>at {time}</source>
        <translation>时刻 {time}</translation>
    </message>
    <message>
        <source>job #{id}</source>
        <translation>任务 #{id}</translation>
    </message>
    <message>
        <source>from {start}, for {duration}</source>
        <translation>从 {start} 开始，持续 {duration}</translation>
    </message>
    <message>
        <source>still running</source>
        <translation>仍在运行</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态</translation>
    </message>
    <message>
        <source>attempt</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>wait (s)</source>
        <translation>等待（秒）</translation>
    </message>
    <message>
        <source>chunk number</source>
        <translation>分块编号</translation>
    </message>
    <message>
        <source>process id</source>
        <translation>进程 ID</translation>
    </message>
    <message>
        <source>arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>{value:.1f} ms</source>
        <translation>{value:.1f} 毫秒</translation>
    </message>
    <message>
        <source>{t} s</source>
        <translation>{t} 秒</translation>
    </message>
    <message>
        <source>{n:.0f} µs</source>
        <translation>{n:.0f} 微秒</translation>
    </message>
    <message>
        <source>{n:.1f} ms</source>
        <translation>{n:.1f} 毫秒</translation>
    </message>
    <message>
        <source>{n:.2f} s</source>
        <translation>{n:.2f} 秒</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Downloading {active} · {done} of {total} done</source>
        <translation>正在下载 {active} 个 · 已完成 {done}/{total}</translation>
    </message>
    <message>
        <source>{done} of {total} downloads done</source>
        <translation>已完成 {done}/{total} 个下载</translation>
    </message>
    <message>
        <source>No downloads</source>
        <translation>没有下载</translation>
    </message>
    <message>
        <source>{jobs} compute job(s) running</source>
        <translation>{jobs} 个计算任务正在运行</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>隐藏窗口</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>显示窗口</translation>
    </message>
    <message>
        <source>Pause all downloads</source>
        <translation>暂停全部下载</translation>
    </message>
    <message>
        <source>Resume all downloads</source>
        <translation>继续全部下载</translation>
    </message>
    <message>
        <source>Quit Tributary</source>
        <translation>退出 Tributary</translation>
    </message>
</context>
</TS>
