<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>numpy segmented sieve</source>
        <translation>numpy 分段筛法</translation>
    </message>
    <message>
        <source>{library} ({path}); fallback: {fallback}</source>
        <translation>{library}（{path}）；后备：{fallback}</translation>
    </message>
    <message>
        <source>{fallback}; libprimesieve not loaded: {reason}</source>
        <translation>{fallback}；未加载 libprimesieve：{reason}</translation>
    </message>
    <message>
        <source>prime kernel</source>
        <translation>素数内核</translation>
    </message>
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
        <source>One http or https URL per line, optionally followed by its checksum (SHA-256, SHA-512, SHA-1 or MD5).</source>
        <translation>每行一个 http 或 https 网址，可在其后附上校验和（SHA-256、SHA-512、SHA-1 或 MD5）。</translation>
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
        <source>Import list…</source>
        <translation>导入列表…</translation>
    </message>
    <message>
        <source>Import a list of URLs</source>
        <translation>导入网址列表</translation>
    </message>
    <message>
        <source>Lists (*.txt *.csv);;All files (*)</source>
        <translation>列表 (*.txt *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
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
        <source>Start a fill: the compute time of each run is charted here, so runs on processes, threads and one core compare side by side.</source>
        <translation>开始填充后，每次运行的计算时间都会画在这里，多进程、多线程和单核的运行可以并排比较。</translation>
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
        <source>Render on</source>
        <translation>渲染位置</translation>
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
        <source>compute time</source>
        <translation>计算时间</translation>
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
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s); {mb} MB written at {gbps:.2f} GB/s</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒）；以 {gbps:.2f} GB/s 写入 {mb} MB</translation>
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
    <name>ConnectionsDialog</name>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>Adaptive</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Connections per selected download</source>
        <translation>每个所选下载的连接数</translation>
    </message>
    <message>
        <source>1 to 16 connections for each selected download; Adaptive lets Tributary choose</source>
        <translation>每个所选下载使用 1 到 16 个连接；选“自动”则由 Tributary 决定</translation>
    </message>
    <message>
        <source>Applies to the selected downloads. Adaptive adds connections while the speed grows and backs off when the server turns them away; a server without ranges always gets one.</source>
        <translation>应用于所选的下载。“自动”会在速度上升时增加连接，在服务器拒绝时减少连接；不支持分段请求的服务器始终只用一个连接。</translation>
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
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>Download actions</source>
        <translation>下载操作</translation>
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
        <source>Connections of the selected download</source>
        <translation>所选下载的连接</translation>
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
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
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
        <source>Priority</source>
        <translation>优先级</translation>
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
        <source>Speed &amp;limit…</source>
        <translation>速度限制(&amp;L)…</translation>
    </message>
    <message>
        <source>Limit the speed of the selected downloads</source>
        <translation>限制所选下载的速度</translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation>连接数(&amp;C)…</translation>
    </message>
    <message>
        <source>How many connections each selected download uses</source>
        <translation>每个所选下载使用多少个连接</translation>
    </message>
    <message>
        <source>&amp;Schedule…</source>
        <translation>计划(&amp;S)…</translation>
    </message>
    <message>
        <source>Start and pause the queue at set times on chosen days</source>
        <translation>在选定日期的设定时间开始和暂停队列</translation>
    </message>
    <message>
        <source>Actions for the selected downloads</source>
        <translation>所选下载的操作</translation>
    </message>
    <message>
        <source>Actions for the selected downloads (Shift+F10 or the Menu key)</source>
        <translation>所选下载的操作（Shift+F10 或菜单键）</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>移动(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>优先级(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;High</source>
        <translation>高(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Normal</source>
        <translation>普通(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Low</source>
        <translation>低(&amp;L)</translation>
    </message>
    <message>
        <source>Queued downloads of higher priority start first</source>
        <translation>优先级高的排队下载先开始</translation>
    </message>
    <message>
        <source>Speed limit</source>
        <translation>速度限制</translation>
    </message>
    <message>
        <source>Speed limit of all downloads</source>
        <translation>全部下载的速度限制</translation>
    </message>
    <message>
        <source>The most all downloads together may use, applied at once; Unlimited when 0</source>
        <translation>全部下载合计可用的最大速度，立即生效；为 0 时不限速</translation>
    </message>
    <message>
        <source>Schedule…</source>
        <translation>计划…</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Schedule state</source>
        <translation>计划状态</translation>
    </message>
    <message>
        <source>When the queue ends</source>
        <translation>队列完成后</translation>
    </message>
    <message>
        <source>Do nothing</source>
        <translation>不做任何事</translation>
    </message>
    <message>
        <source>Notify me</source>
        <translation>通知我</translation>
    </message>
    <message>
        <source>Quit Tributary</source>
        <translation>退出 Tributary</translation>
    </message>
    <message>
        <source>What happens when the last queued download has finished</source>
        <translation>最后一个排队的下载完成后要做什么</translation>
    </message>
    <message>
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
    </message>
    <message>
        <source>Could not open {folder}: this desktop has no program set up to show folders.</source>
        <translation>无法打开 {folder}：此桌面没有设置用于显示文件夹的程序。</translation>
    </message>
    <message>
        <source>{done} of {total} files · {bytes} · {speed}/s</source>
        <translation>{done}/{total} 个文件 · {bytes} · {speed}/秒</translation>
    </message>
    <message>
        <source>Adding {count} URLs…</source>
        <translation>正在添加 {count} 个网址…</translation>
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
        <source>Connected to the cluster at {address} in {seconds:.2f} s: {threads} worker threads</source>
        <translation>已连接到位于 {address} 的集群，用时 {seconds:.2f} 秒：{threads} 个工作线程</translation>
    </message>
    <message>
        <source>Started a cluster on this computer in {seconds:.2f} s: {threads} worker threads</source>
        <translation>已在本机启动集群，用时 {seconds:.2f} 秒：{threads} 个工作线程</translation>
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
        <source>Another Tributary process is writing {path}; this download was not written over it.</source>
        <translation>另一个 Tributary 进程正在写入 {path}；此下载没有覆盖它。</translation>
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
        <source>Cannot use the folder {folder}: {reason}.</source>
        <translation>无法使用文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <source>Not enough free space in {folder}: {needed:,} bytes needed, {free:,} free ({others:,} of them promised to downloads under way).</source>
        <translation>{folder} 空间不足：需要 {needed:,} 字节，可用 {free:,} 字节（其中 {others:,} 字节已预留给进行中的下载）。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}; the partial file was kept.</source>
        <translation>无法写入 {path}：{reason}；已保留部分文件。</translation>
    </message>
    <message>
        <source>already there</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>{url!r} is not a valid URL ({reason}).</source>
        <translation>{url!r} 不是有效的网址（{reason}）。</translation>
    </message>
    <message>
        <source>Only http and https URLs can be downloaded, not {url!r}.</source>
        <translation>只能下载 http 和 https 网址，不能下载 {url!r}。</translation>
    </message>
    <message>
        <source>no host, or a space or control character in it</source>
        <translation>缺少主机名，或含有空格或控制字符</translation>
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
        <source>{folder} is not a folder.</source>
        <translation>{folder} 不是文件夹。</translation>
    </message>
    <message>
        <source>Cannot create the folder {folder}: {reason}.</source>
        <translation>无法创建文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <source>Waiting: Tributary process {pid} is downloading this into the same folder.</source>
        <translation>等待中：Tributary 进程 {pid} 正在将此文件下载到同一文件夹。</translation>
    </message>
    <message>
        <source>Tributary process {pid} holds this download ({state} there); resume it there, or close that process and try again.</source>
        <translation>Tributary 进程 {pid} 占用着此下载（在那里的状态：{state}）；请在那里继续，或关闭该进程后重试。</translation>
    </message>
    <message>
        <source>{url}: {error}</source>
        <translation>{url}：{error}</translation>
    </message>
    <message>
        <source>{url}: could not start: {error}</source>
        <translation>{url}：无法开始：{error}</translation>
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
        <source>{url}: restarting from zero ({reason})</source>
        <translation>{url}：从头重新下载（{reason}）</translation>
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
        <source>the segment map stored for the .part cannot be used</source>
        <translation>为未完成文件保存的分段记录无法使用</translation>
    </message>
    <message>
        <source>the .part of a segmented transfer is gone</source>
        <translation>分段下载的未完成文件已不存在</translation>
    </message>
    <message>
        <source>the .part is shorter than its segment map says</source>
        <translation>未完成文件比其分段记录所示的短</translation>
    </message>
    <message>
        <source>Refusing to resume: {path} is not a regular file.</source>
        <translation>拒绝续传：{path} 不是普通文件。</translation>
    </message>
    <message>
        <source>the server gives no ETag or Last-Modified to resume against</source>
        <translation>服务器没有提供可用于续传校验的版本标识</translation>
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
        <source>the server&apos;s range does not continue at byte {have:,}</source>
        <translation>服务器返回的范围没有从第 {have:,} 字节接续</translation>
    </message>
    <message>
        <source>The server sent an HTML page instead of the rest of the file; the partial file was kept.</source>
        <translation>服务器发送的是 HTML 页面而不是文件的剩余部分；已保留部分文件。</translation>
    </message>
    <message>
        <source>{url}: the server sent the whole file again (it ignored the range, or the file changed)</source>
        <translation>{url}：服务器重新发送了整个文件（忽略了范围请求，或文件已更改）</translation>
    </message>
    <message>
        <source>Unsafe file name from the server: {error}</source>
        <translation>服务器提供的文件名不安全：{error}</translation>
    </message>
    <message>
        <source>a resumed segment was answered {status} with another range or version</source>
        <translation>续传的分段得到的应答为 {status}，范围或版本不符</translation>
    </message>
    <message>
        <source>the server&apos;s length does not match the {have:,} bytes of the .part</source>
        <translation>服务器给出的长度与未完成文件的 {have:,} 字节不符</translation>
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
        <source>{algorithm} mismatch: expected {expected}, got {got}; the file was discarded.</source>
        <translation>{algorithm} 不匹配：应为 {expected}，实际为 {got}；文件已丢弃。</translation>
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
        <source>Could not delete {path}: {error}</source>
        <translation>无法删除 {path}：{error}</translation>
    </message>
    <message>
        <source>The download list could not be read ({error}); the damaged file was kept as {kept} and the list starts empty.</source>
        <translation>无法读取下载列表（{error}）；损坏的文件已另存为 {kept}，列表从空开始。</translation>
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
        <source>Choose at least one day for the schedule.</source>
        <translation>请为计划至少选择一天。</translation>
    </message>
    <message>
        <source>The schedule&apos;s start and stop times are the same.</source>
        <translation>计划的开始时间和结束时间相同。</translation>
    </message>
    <message>
        <source>The schedule opens the download queue</source>
        <translation>计划时间到：下载队列开始</translation>
    </message>
    <message>
        <source>The schedule holds the download queue</source>
        <translation>计划时间外：下载队列暂停</translation>
    </message>
    <message>
        <source>The file is {size:,} bytes, not {total:,}.</source>
        <translation>文件为 {size:,} 字节，而不是 {total:,} 字节。</translation>
    </message>
    <message>
        <source>a ranged request was answered with a new version of the file</source>
        <translation>分段请求得到的是文件的新版本</translation>
    </message>
    <message>
        <source>the server&apos;s range does not start at byte {start:,}</source>
        <translation>服务器返回的范围不是从第 {start:,} 字节开始</translation>
    </message>
    <message>
        <source>the server stopped honouring ranges</source>
        <translation>服务器不再支持范围请求</translation>
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
        <source>Unknown parameter {name!r}; the parameters are: {names}.</source>
        <translation>未知参数 {name!r}；可用的参数有：{names}。</translation>
    </message>
    <message>
        <source>The {what} must be one of {choices}.</source>
        <translation>{what}必须是 {choices} 之一。</translation>
    </message>
    <message>
        <source>The {what} is empty.</source>
        <translation>{what}为空。</translation>
    </message>
    <message>
        <source>The {what} takes at most {most} values.</source>
        <translation>{what}最多只能有 {most} 个值。</translation>
    </message>
    <message>
        <source>The {what} {raw!r} is not a number.</source>
        <translation>{what} {raw!r} 不是数字。</translation>
    </message>
    <message>
        <source>The {what} must be between {low:g} and {high:g}.</source>
        <translation>{what}必须在 {low:g} 到 {high:g} 之间。</translation>
    </message>
    <message>
        <source>{n}. {variant} · {worker}</source>
        <translation>{n}. {variant} · {worker}</translation>
    </message>
    <message>
        <source>{lane} ({n})</source>
        <translation>{lane}（{n}）</translation>
    </message>
    <message>
        <source>process {pid}</source>
        <translation>进程 {pid}</translation>
    </message>
    <message>
        <source>download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>fetch</source>
        <translation>获取</translation>
    </message>
    <message>
        <source>process</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>加锁</translation>
    </message>
    <message>
        <source>unlocked</source>
        <translation>未加锁</translation>
    </message>
    <message>
        <source>copies</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Running {variant} ({n} of {total})</source>
        <translation>正在运行 {variant}（第 {n} 项，共 {total} 项）</translation>
    </message>
    <message>
        <source>one thread</source>
        <translation>单线程</translation>
    </message>
    <message>
        <source>pure Python: every step of this loop holds the GIL</source>
        <translation>纯 Python：这个循环的每一步都持有 GIL</translation>
    </message>
    <message>
        <source>one call into C through ctypes: the GIL is released for all of it</source>
        <translation>通过 ctypes 一次调用进入 C：整个调用期间 GIL 都被释放</translation>
    </message>
    <message>
        <source>the baseline: every chunk in turn, on one thread</source>
        <translation>基准：在一个线程上依次计算每个分块</translation>
    </message>
    <message>
        <source>the threads share one interpreter: only one of them runs Python at a time</source>
        <translation>这些线程共用一个解释器：同一时刻只有一个线程在运行 Python</translation>
    </message>
    <message>
        <source>each worker is a fresh interpreter with its own GIL (spawn: nothing is inherited)</source>
        <translation>每个工作进程都是全新的解释器，有自己的 GIL（spawn：什么都不继承）</translation>
    </message>
    <message>
        <source>wait until every worker has started: start-up is not the work measured</source>
        <translation>等每个工作进程都启动好：启动时间不算在测量的工作里</translation>
    </message>
    <message>
        <source>map pickles the function (by its name) and every chunk to the workers</source>
        <translation>map 把函数（按名字）和每个分块 pickle 后发给工作进程</translation>
    </message>
    <message>
        <source>a lambda has no importable name, so it cannot be pickled to a worker process</source>
        <translation>lambda 没有可导入的名字，所以无法 pickle 后发给工作进程</translation>
    </message>
    <message>
        <source>the real error, as Python raised it</source>
        <translation>Python 抛出的真实错误</translation>
    </message>
    <message>
        <source>the fix: a module-level function pickles by its name, and the worker imports it</source>
        <translation>修正：模块级函数按名字 pickle，工作进程会导入它</translation>
    </message>
    <message>
        <source>workers</source>
        <translation>工作者数</translation>
    </message>
    <message>
        <source>Comma-separated worker counts to try</source>
        <translation>要尝试的工作者数，用逗号分隔</translation>
    </message>
    <message>
        <source>Python kernel: primes below</source>
        <translation>Python 内核：统计此数以下的素数</translation>
    </message>
    <message>
        <source>C kernel: primes below</source>
        <translation>C 内核：统计此数以下的素数</translation>
    </message>
    <message>
        <source>chunks</source>
        <translation>分块数</translation>
    </message>
    <message>
        <source>way</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>compute seconds</source>
        <translation>计算秒数</translation>
    </message>
    <message>
        <source>speed-up</source>
        <translation>加速比</translation>
    </message>
    <message>
        <source>primes</source>
        <translation>素数个数</translation>
    </message>
    <message>
        <source>{way} · {kernel} kernel</source>
        <translation>{way} · {kernel} 内核</translation>
    </message>
    <message>
        <source>speed-up over one thread</source>
        <translation>相对单线程的加速比</translation>
    </message>
    <message>
        <source>{way} ×{workers}, {kernel} kernel: {seconds:.3f} s (compute {compute:.3f} s), speed-up {speedup:.2f}×</source>
        <translation>{way} ×{workers}，{kernel} 内核：{seconds:.3f} 秒（计算 {compute:.3f} 秒），加速比 {speedup:.2f}×</translation>
    </message>
    <message>
        <source>The C kernel was skipped: {library} is not installed (Debian: libprimesieve11).</source>
        <translation>已跳过 C 内核：未安装 {library}（Debian：libprimesieve11）。</translation>
    </message>
    <message>
        <source>The lambda on a process pool failed with {type}: {error}</source>
        <translation>在进程池上使用 lambda 失败：{type}: {error}</translation>
    </message>
    <message>
        <source>With a module-level function instead it counted {count:,} primes.</source>
        <translation>改用模块级函数后，统计出 {count:,} 个素数。</translation>
    </message>
    <message>
        <source>{way} ×{workers}, {kernel} kernel</source>
        <translation>{way} ×{workers}，{kernel} 内核</translation>
    </message>
    <message>
        <source>the lambda mistake</source>
        <translation>lambda 错误示范</translation>
    </message>
    <message>
        <source>CPU work: threads, the GIL and processes</source>
        <translation>CPU 计算：线程、GIL 与进程</translation>
    </message>
    <message>
        <source>Threads with the Python kernel stay near 1× however many you add; threads with the C kernel and processes scale up to the number of cores; and the lambda cannot be pickled — read the error Python gives.</source>
        <translation>无论加多少线程，Python 内核的多线程都停在 1× 左右；C 内核的多线程和多进程能扩展到 CPU 核数；而 lambda 无法被 pickle——看看 Python 给出的错误。</translation>
    </message>
    <message>
        <source>CPython runs Python bytecode in one thread at a time: the global interpreter lock (GIL). Threads running a Python loop take turns, so they finish no sooner than one thread (often a little later). Code that leaves Python for a long call into C — here libprimesieve through ctypes, which releases the GIL for the call — lets threads run truly in parallel. Processes each have their own interpreter and GIL, so pure Python scales too, at the cost of starting them and of pickling every argument and result. Pickling sends a function by its importable name, which is why a lambda cannot go to a process pool.</source>
        <translation>CPython 同一时刻只在一个线程里执行 Python 字节码：这就是全局解释器锁（GIL）。运行 Python 循环的多个线程只能轮流执行，所以不会比单线程更快（往往还慢一点）。如果代码离开 Python、长时间调用 C——这里是通过 ctypes 调用 libprimesieve，调用期间 GIL 被释放——线程就能真正并行。每个进程都有自己的解释器和 GIL，所以纯 Python 也能随进程数扩展，代价是启动进程，以及对每个参数和结果做 pickle。pickle 按可导入的名字传递函数，这就是 lambda 不能交给进程池的原因。</translation>
    </message>
    <message>
        <source>one after another</source>
        <translation>逐个执行</translation>
    </message>
    <message>
        <source>ThreadPoolExecutor + as_completed</source>
        <translation>线程池 ThreadPoolExecutor + as_completed</translation>
    </message>
    <message>
        <source>asyncio.gather + Semaphore</source>
        <translation>asyncio.gather + 信号量 Semaphore</translation>
    </message>
    <message>
        <source>urllib blocks this thread until the whole body has arrived</source>
        <translation>urllib 会阻塞这个线程，直到整个响应体到达</translation>
    </message>
    <message>
        <source>Cancel stops us before the next file</source>
        <translation>按“取消”后，在下一个文件之前停下</translation>
    </message>
    <message>
        <source>the next download starts only when this one has finished</source>
        <translation>这个下载完成后，下一个才开始</translation>
    </message>
    <message>
        <source>submit everything at once: each call returns a Future at once</source>
        <translation>一次提交全部任务：每次调用立即返回一个 Future</translation>
    </message>
    <message>
        <source>as_completed hands back each future as soon as it is done, fastest first</source>
        <translation>as_completed 在每个 future 完成时立刻交回，最快的最先</translation>
    </message>
    <message>
        <source>at most `limit` downloads at once; the others wait at `async with`</source>
        <translation>同时最多 `limit` 个下载；其余的在 `async with` 处等待</translation>
    </message>
    <message>
        <source>one session: its connections are reused by every request</source>
        <translation>只用一个会话：所有请求复用它的连接</translation>
    </message>
    <message>
        <source>every download runs on this one thread; gather waits for all of them</source>
        <translation>所有下载都在这一个线程上运行；gather 等待它们全部完成</translation>
    </message>
    <message>
        <source>file {i}</source>
        <translation>文件 {i}</translation>
    </message>
    <message>
        <source>URLs</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>One URL per line; leave empty to use the Lab&apos;s own loopback server</source>
        <translation>每行一个网址；留空则使用实验室自带的本机回环服务器</translation>
    </message>
    <message>
        <source>files</source>
        <translation>文件数</translation>
    </message>
    <message>
        <source>file size (KiB)</source>
        <translation>文件大小（KiB）</translation>
    </message>
    <message>
        <source>server latency (ms)</source>
        <translation>服务器延迟（毫秒）</translation>
    </message>
    <message>
        <source>threads / semaphore limit</source>
        <translation>线程数 / 信号量上限</translation>
    </message>
    <message>
        <source>Give at most {most} URLs.</source>
        <translation>最多给出 {most} 个网址。</translation>
    </message>
    <message>
        <source>Not an http(s) URL: {url}</source>
        <translation>不是 http(s) 网址：{url}</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>MB/s</source>
        <translation>MB/秒</translation>
    </message>
    <message>
        <source>completion order</source>
        <translation>完成顺序</translation>
    </message>
    <message>
        <source>{way}: {seconds:.2f} s, {rate:.1f} MB/s; finished in the order {order}</source>
        <translation>{way}：{seconds:.2f} 秒，{rate:.1f} MB/秒；完成顺序 {order}</translation>
    </message>
    <message>
        <source>Every way fetched identical bytes for every file.</source>
        <translation>每种方式下载的每个文件字节完全相同。</translation>
    </message>
    <message>
        <source>The ways fetched DIFFERENT bytes: the source changes between requests.</source>
        <translation>各方式下载的字节【不同】：数据源在两次请求之间发生了变化。</translation>
    </message>
    <message>
        <source>Downloads three ways</source>
        <translation>三种方式下载</translation>
    </message>
    <message>
        <source>The two concurrent ways take about as long as the slowest few files, the sequential one as long as all of them together; and files finish in a different order than they were asked for.</source>
        <translation>两种并发方式的用时约等于最慢的几个文件，逐个下载的用时则是所有文件之和；而且文件完成的顺序与请求的顺序不同。</translation>
    </message>
    <message>
        <source>A download is mostly waiting for the network. One after another, the waits add up. A ThreadPoolExecutor waits on several threads at once, and as_completed hands you each result the moment it is ready, so the order follows the server, not your list. asyncio waits on one thread: every await lets another download run, and a Semaphore caps how many run at once so the server is not flooded. On a few files threads and asyncio are close; on thousands, a coroutine costs far less than a thread.</source>
        <translation>下载的大部分时间都在等网络。逐个下载时，这些等待会累加起来。ThreadPoolExecutor 让多个线程同时等待，as_completed 在每个结果就绪的那一刻交给你，所以顺序取决于服务器，而不是你的列表。asyncio 在一个线程上等待：每个 await 都让别的下载得以运行，Semaphore 限制同时运行的数量，以免压垮服务器。文件少时线程和 asyncio 差不多；文件成千上万时，协程的开销远小于线程。</translation>
    </message>
    <message>
        <source>gather</source>
        <translation>gather</translation>
    </message>
    <message>
        <source>gather(return_exceptions=True)</source>
        <translation>gather(return_exceptions=True)</translation>
    </message>
    <message>
        <source>TaskGroup</source>
        <translation>TaskGroup</translation>
    </message>
    <message>
        <source>task {i}: {state}</source>
        <translation>任务 {i}：{state}</translation>
    </message>
    <message>
        <source>every task sleeps (it stands for I/O); one of them fails part-way</source>
        <translation>每个任务都在 sleep（代表 I/O）；其中一个中途失败</translation>
    </message>
    <message>
        <source>the first exception is raised here at once; the other tasks are NOT cancelled</source>
        <translation>第一个异常会立刻在这里抛出；其他任务【不会】被取消</translation>
    </message>
    <message>
        <source>waits for every task; an exception comes back as a value in the list</source>
        <translation>等待所有任务；异常作为列表中的一个值返回</translation>
    </message>
    <message>
        <source>the first failure cancels the other tasks; we get an ExceptionGroup</source>
        <translation>第一个失败会取消其他任务；我们得到一个 ExceptionGroup</translation>
    </message>
    <message>
        <source>records when the task ran and how it ended</source>
        <translation>记录任务何时运行、如何结束</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <source>failing task</source>
        <translation>失败的任务</translation>
    </message>
    <message>
        <source>fails after (ms)</source>
        <translation>失败时间（毫秒）</translation>
    </message>
    <message>
        <source>other tasks take (ms)</source>
        <translation>其他任务用时（毫秒）</translation>
    </message>
    <message>
        <source>The failing task must be one of the {n} tasks (0 to {last}).</source>
        <translation>失败的任务必须是这 {n} 个任务之一（0 到 {last}）。</translation>
    </message>
    <message>
        <source>the caller got</source>
        <translation>调用方得到</translation>
    </message>
    <message>
        <source>after (s)</source>
        <translation>用时（秒）</translation>
    </message>
    <message>
        <source>still running</source>
        <translation>仍在运行</translation>
    </message>
    <message>
        <source>finished unobserved</source>
        <translation>无人等待时完成</translation>
    </message>
    <message>
        <source>tasks when the caller resumed</source>
        <translation>调用方恢复时的任务数</translation>
    </message>
    <message>
        <source>{way}: after {after:.3f} s the caller got {got}; then {done} done, {running} still running, {cancelled} cancelled, {failed} failed; {later} finished unobserved afterwards.</source>
        <translation>{way}：{after:.3f} 秒后调用方得到 {got}；此时 {done} 个已完成、{running} 个仍在运行、{cancelled} 个已取消、{failed} 个失败；之后有 {later} 个在无人等待时完成。</translation>
    </message>
    <message>
        <source>When one task fails</source>
        <translation>当一个任务失败时</translation>
    </message>
    <message>
        <source>gather hands you the exception early while the other tasks run on unobserved; return_exceptions=True waits for all and gives N values, one of them the exception; TaskGroup cancels the rest.</source>
        <translation>gather 会提早把异常交给你，而其他任务在无人等待的情况下继续运行；return_exceptions=True 会等待全部任务，返回 N 个值，其中一个是异常；TaskGroup 则取消其余任务。</translation>
    </message>
    <message>
        <source>asyncio.gather raises the first exception as soon as it happens, but it does not cancel the other tasks: they keep running, and their results and errors are lost unless you keep the tasks. With return_exceptions=True, gather waits for every task and returns one value per task, exceptions included, so one failure never hides the others&apos; work — Tributary&apos;s job runner works this way. TaskGroup (Python 3.11) takes the opposite view: the group succeeds or fails as a whole, so the first failure cancels the siblings and you get an ExceptionGroup.</source>
        <translation>asyncio.gather 在第一个异常发生时立即抛出，但不会取消其他任务：它们继续运行，除非你保留了这些任务，否则它们的结果和错误都会丢失。使用 return_exceptions=True 时，gather 会等待所有任务，每个任务返回一个值（包括异常），因此一个失败不会掩盖其他任务的成果——Tributary 的作业运行器就是这样工作的。TaskGroup（Python 3.11）的思路相反：整组要么成功要么失败，所以第一个失败会取消同组的其他任务，你得到一个 ExceptionGroup。</translation>
    </message>
    <message>
        <source>threads, no lock</source>
        <translation>多线程，不加锁</translation>
    </message>
    <message>
        <source>threads + Lock</source>
        <translation>多线程 + Lock</translation>
    </message>
    <message>
        <source>processes, Value without its lock</source>
        <translation>多进程，Value 不用它的锁</translation>
    </message>
    <message>
        <source>processes, Value + get_lock()</source>
        <translation>多进程，Value + get_lock()</translation>
    </message>
    <message>
        <source>read</source>
        <translation>读</translation>
    </message>
    <message>
        <source>the switch window: another thread may run between our read and our write</source>
        <translation>切换窗口：在我们的读和写之间，别的线程可能会运行</translation>
    </message>
    <message>
        <source>write: whatever the others added meanwhile is overwritten</source>
        <translation>写：其他线程在此期间加上的值都被覆盖</translation>
    </message>
    <message>
        <source>read, switch and write as one step: nobody gets in between</source>
        <translation>读、切换、写合为一步：谁也插不进来</translation>
    </message>
    <message>
        <source>every worker starts at the same moment</source>
        <translation>所有工作者在同一时刻开始</translation>
    </message>
    <message>
        <source>each read and each write of .value takes the lock alone: the pair is not atomic</source>
        <translation>对 .value 的每次读和每次写各自加锁：读写这一对并不是原子的</translation>
    </message>
    <message>
        <source>the Value&apos;s own lock held around the read and the write</source>
        <translation>在读和写的外面持有 Value 自己的锁</translation>
    </message>
    <message>
        <source>when this worker ran, for the timeline</source>
        <translation>记录这个工作者运行的时间，供时间线使用</translation>
    </message>
    <message>
        <source>threads / processes</source>
        <translation>线程数 / 进程数</translation>
    </message>
    <message>
        <source>increments each</source>
        <translation>每个加多少次</translation>
    </message>
    <message>
        <source>expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>final count</source>
        <translation>最终计数</translation>
    </message>
    <message>
        <source>lost updates</source>
        <translation>丢失的更新</translation>
    </message>
    <message>
        <source>{way}: {final:,} of {expected:,}, {lost:,} updates lost ({share:.1%}), {seconds:.3f} s</source>
        <translation>{way}：{final:,} / {expected:,}，丢失 {lost:,} 次更新（{share:.1%}），{seconds:.3f} 秒</translation>
    </message>
    <message>
        <source>The lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>Without a lock most updates are lost, on threads and on processes alike; with it the count is exact — and slower, since the workers now take turns.</source>
        <translation>不加锁时，无论线程还是进程，大部分更新都会丢失；加锁后计数准确——但更慢，因为工作者现在要轮流执行。</translation>
    </message>
    <message>
        <source>counter += 1 is a read, an add and a write. If another worker runs between the read and the write, both write the same value and one update is lost. The GIL does not prevent this: it only makes each bytecode step atomic, and a switch can come between the steps (the time.sleep(0) here forces one, so the race shows every time instead of once in a while). A Lock makes the read-modify-write one step. multiprocessing.Value has a lock of its own, but .value takes it for each read and each write separately; += on it still loses updates unless you hold get_lock() around the whole step.</source>
        <translation>counter += 1 其实是读、加、写三步。如果在读和写之间有另一个工作者运行，两者会写入同一个值，于是丢失一次更新。GIL 并不能防止这一点：它只保证每一步字节码是原子的，而线程切换可能发生在两步之间（这里的 time.sleep(0) 强制发生一次切换，所以竞争每次都会出现，而不是偶尔出现）。Lock 让“读-改-写”成为一步。multiprocessing.Value 自带一把锁，但 .value 的每次读和每次写是分别加锁的；除非在整个步骤外持有 get_lock()，对它做 += 仍然会丢失更新。</translation>
    </message>
    <message>
        <source>stage by stage</source>
        <translation>逐阶段</translation>
    </message>
    <message>
        <source>concurrent chains</source>
        <translation>并发链</translation>
    </message>
    <message>
        <source>I/O: awaits the server, the loop runs other items meanwhile</source>
        <translation>I/O：等待服务器，这期间事件循环去处理其他条目</translation>
    </message>
    <message>
        <source>CPU: zlib on a worker thread (zlib releases the GIL), so the loop stays free</source>
        <translation>CPU：在工作线程上运行 zlib（zlib 会释放 GIL），事件循环保持空闲</translation>
    </message>
    <message>
        <source>disk: a blocking write, also on a worker thread</source>
        <translation>磁盘：阻塞的写入，同样放在工作线程上</translation>
    </message>
    <message>
        <source>nothing overlaps: each item is fetched, processed and saved in turn</source>
        <translation>没有任何重叠：每个条目依次获取、处理、保存</translation>
    </message>
    <message>
        <source>every item finishes a stage before any item starts the next one</source>
        <translation>所有条目都完成一个阶段后，才有条目开始下一个阶段</translation>
    </message>
    <message>
        <source>each item goes on to the next stage as soon as it is ready</source>
        <translation>每个条目一就绪就进入下一个阶段</translation>
    </message>
    <message>
        <source>fetch {i}</source>
        <translation>获取 {i}</translation>
    </message>
    <message>
        <source>process {i}</source>
        <translation>处理 {i}</translation>
    </message>
    <message>
        <source>save {i}</source>
        <translation>保存 {i}</translation>
    </message>
    <message>
        <source>items</source>
        <translation>条目数</translation>
    </message>
    <message>
        <source>item size (KiB)</source>
        <translation>条目大小（KiB）</translation>
    </message>
    <message>
        <source>zlib level</source>
        <translation>zlib 压缩级别</translation>
    </message>
    <message>
        <source>worker threads</source>
        <translation>工作线程数</translation>
    </message>
    <message>
        <source>{way}: {seconds:.2f} s for {items} items</source>
        <translation>{way}：{items} 个条目用时 {seconds:.2f} 秒</translation>
    </message>
    <message>
        <source>Every way saved identical files.</source>
        <translation>每种方式保存的文件完全相同。</translation>
    </message>
    <message>
        <source>The ways saved DIFFERENT files.</source>
        <translation>各方式保存的文件【不同】。</translation>
    </message>
    <message>
        <source>Pipelines</source>
        <translation>流水线</translation>
    </message>
    <message>
        <source>Stage by stage, processing waits for the slowest download; in chains, the first items are compressed and saved while the last are still downloading — the stages overlap in the timeline.</source>
        <translation>逐阶段时，处理要等最慢的下载完成；并发链中，最先到的条目已在压缩和保存，最后的条目还在下载——在时间线上各阶段相互重叠。</translation>
    </message>
    <message>
        <source>A pipeline is a chain of awaits per item: fetch (network), process (CPU) and save (disk). Awaiting a gather per stage puts a barrier between stages: nothing is processed until the slowest fetch is in. One coroutine per item, gathered, lets each item flow on as soon as its own fetch is done, so network, CPU and disk work at the same time. CPU and disk work go to a thread pool with run_in_executor: done on the event loop itself, they would stop every other coroutine (and, in an app, the window).</source>
        <translation>流水线就是每个条目的一串 await：获取（网络）、处理（CPU）、保存（磁盘）。每个阶段 await 一次 gather，相当于在阶段之间设了一道屏障：最慢的获取完成之前，什么都不会被处理。每个条目一个协程，再用 gather 汇总，每个条目自己的获取一完成就能继续往下走，于是网络、CPU 和磁盘同时工作。CPU 和磁盘的工作通过 run_in_executor 交给线程池：如果直接在事件循环上做，它们会卡住所有其他协程（在应用里还会卡住窗口）。</translation>
    </message>
    <message>
        <source>Lab: {experiment}</source>
        <translation>实验室：{experiment}</translation>
    </message>
    <message>
        <source>There is no experiment {name!r}; the experiments are: {names}.</source>
        <translation>没有实验 {name!r}；现有的实验是：{names}。</translation>
    </message>
    <message>
        <source>Finished in {seconds:.2f} s</source>
        <translation>用时 {seconds:.2f} 秒完成</translation>
    </message>
    <message>
        <source>the limit is the only thing that changes from one run to the next</source>
        <translation>每次运行之间唯一改变的就是这个上限</translation>
    </message>
    <message>
        <source>wait here until one of the `limit` places is free</source>
        <translation>在这里等待，直到 `limit` 个名额中空出一个</translation>
    </message>
    <message>
        <source>all requests are created at once; the semaphore lets `limit` of them go</source>
        <translation>所有请求一次性创建；信号量只放行其中 `limit` 个</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>上限列表</translation>
    </message>
    <message>
        <source>Comma-separated semaphore limits to try</source>
        <translation>要尝试的信号量上限，用逗号分隔</translation>
    </message>
    <message>
        <source>server capacity</source>
        <translation>服务器容量</translation>
    </message>
    <message>
        <source>Requests the server works on at once (the rest queue there); 0 for no limit</source>
        <translation>服务器同时处理的请求数（其余在服务器端排队）；0 表示不限</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>files/s</source>
        <translation>文件/秒</translation>
    </message>
    <message>
        <source>latency alone (s)</source>
        <translation>仅延迟（秒）</translation>
    </message>
    <message>
        <source>semaphore limit</source>
        <translation>信号量上限</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>latency alone</source>
        <translation>仅延迟</translation>
    </message>
    <message>
        <source>limit {limit}: {seconds:.2f} s, {rate:.1f} files/s (the latency alone: {floor:.2f} s)</source>
        <translation>上限 {limit}：{seconds:.2f} 秒，{rate:.1f} 文件/秒（仅延迟：{floor:.2f} 秒）</translation>
    </message>
    <message>
        <source>Past a limit of {knee}, doubling it gained less than 10 %.</source>
        <translation>上限超过 {knee} 之后，再翻倍的收益不足 10%。</translation>
    </message>
    <message>
        <source>Every doubling of the limit still helped.</source>
        <translation>上限的每次翻倍都仍然有效。</translation>
    </message>
    <message>
        <source>limit {limit}</source>
        <translation>上限 {limit}</translation>
    </message>
    <message>
        <source>Semaphore sweep</source>
        <translation>信号量扫描</translation>
    </message>
    <message>
        <source>Throughput climbs almost in step with the limit until it reaches what the server serves at once (its capacity); past that, a higher limit only makes requests queue at the server.</source>
        <translation>吞吐量几乎随上限同步上升，直到达到服务器能同时处理的数量（它的容量）；超过之后，更高的上限只会让请求在服务器端排队。</translation>
    </message>
    <message>
        <source>A Semaphore(limit) lets at most limit coroutines into its `async with` block; the rest wait their turn. While each request mostly waits for the server, doubling the limit nearly halves the time — the &quot;latency alone&quot; column is the best the latency allows. Once the server (here: its capacity), the bandwidth or the CPU is the bottleneck, more requests in flight only queue up somewhere else. Real servers also punish floods (429, bans), which is why polite clients cap their concurrency.</source>
        <translation>Semaphore(limit) 最多允许 limit 个协程进入它的 `async with` 块，其余的排队等候。当每个请求大部分时间都在等服务器时，上限翻倍几乎能让用时减半——“仅延迟”一列就是延迟所允许的最好结果。一旦服务器（这里是它的容量）、带宽或 CPU 成为瓶颈，更多的并发请求只会在别处排队。真实的服务器还会惩罚洪水式请求（429、封禁），所以有礼貌的客户端都会限制并发数。</translation>
    </message>
    <message>
        <source>pickled copies</source>
        <translation>pickle 副本</translation>
    </message>
    <message>
        <source>shared memory</source>
        <translation>共享内存</translation>
    </message>
    <message>
        <source>the slice arrived pickled; the result goes back pickled too</source>
        <translation>切片是 pickle 后传来的；结果也要 pickle 后传回</translation>
    </message>
    <message>
        <source>attach to the block by its name: no element of the array crosses the pipe</source>
        <translation>按名字连接到内存块：数组的任何元素都不经过管道</translation>
    </message>
    <message>
        <source>drop the views before the block is closed</source>
        <translation>在关闭内存块之前丢掉所有视图</translation>
    </message>
    <message>
        <source>every slice is pickled, sent through a pipe and unpickled — and the result back</source>
        <translation>每个切片都要 pickle、经管道发送、再反 pickle——结果传回时也一样</translation>
    </message>
    <message>
        <source>one block holds the input and the output; the workers get its name and a range</source>
        <translation>一个内存块同时存放输入和输出；工作进程只拿到它的名字和一个范围</translation>
    </message>
    <message>
        <source>the block is unlinked when the `with` ends, whatever happens</source>
        <translation>无论发生什么，`with` 结束时都会 unlink 这个内存块</translation>
    </message>
    <message>
        <source>elements (float64)</source>
        <translation>元素个数（float64）</translation>
    </message>
    <message>
        <source>pieces</source>
        <translation>分片数</translation>
    </message>
    <message>
        <source>{n:,} elements need about {gb:.1f} GB here; that is more than the memory available now.</source>
        <translation>{n:,} 个元素在这里大约需要 {gb:.1f} GB，超过了当前可用的内存。</translation>
    </message>
    <message>
        <source>MB pickled</source>
        <translation>pickle 的 MB 数</translation>
    </message>
    <message>
        <source>checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>{way}: {seconds:.3f} s, {mb:,.1f} MB pickled (the array is {array:,.1f} MB)</source>
        <translation>{way}：{seconds:.3f} 秒，pickle 了 {mb:,.1f} MB（数组本身 {array:,.1f} MB）</translation>
    </message>
    <message>
        <source>Both ways computed the same result.</source>
        <translation>两种方式算出的结果相同。</translation>
    </message>
    <message>
        <source>The results DIFFER.</source>
        <translation>结果【不同】。</translation>
    </message>
    <message>
        <source>starting the workers</source>
        <translation>正在启动工作进程</translation>
    </message>
    <message>
        <source>Shared memory vs copies</source>
        <translation>共享内存与副本</translation>
    </message>
    <message>
        <source>The copies move about twice the array through pipes (there and back) and most of their time is pickling; shared memory moves a few hundred bytes and spends its time computing.</source>
        <translation>副本方式经管道传输约两倍于数组的数据（去和回），大部分时间花在 pickle 上；共享内存只传几百字节，时间都花在计算上。</translation>
    </message>
    <message>
        <source>Arguments and results of a process pool are pickled, written to a pipe, read and unpickled: for a large array that is several full copies and often more work than the computation itself. multiprocessing.shared_memory gives a named block of memory that several processes map at once; numpy views it in place with np.frombuffer, so workers read and write the same bytes and only the block&apos;s name and a range are pickled. The price is care: every view must be dropped before close(), and the owner must unlink() the block in a `finally`, or it outlives the program.</source>
        <translation>进程池的参数和结果都要 pickle、写入管道、读出、再反 pickle：对大数组来说，这相当于好几次完整复制，往往比计算本身还费事。multiprocessing.shared_memory 提供一个有名字的内存块，多个进程可以同时映射它；numpy 用 np.frombuffer 就地查看它，于是工作进程读写的是同一批字节，只有内存块的名字和一个范围需要 pickle。代价是要小心：close() 之前必须丢掉所有视图，创建者必须在 `finally` 中 unlink() 这个内存块，否则它会比程序活得更久。</translation>
    </message>
    <message>
        <source>wait_for(gather(...))</source>
        <translation>wait_for(gather(...))</translation>
    </message>
    <message>
        <source>async with timeout()</source>
        <translation>async with timeout()</translation>
    </message>
    <message>
        <source>wait(timeout=...) + cancel</source>
        <translation>wait(timeout=...) + 取消</translation>
    </message>
    <message>
        <source>runs whether the task finished or was cancelled: close what it opened</source>
        <translation>无论任务是完成还是被取消都会运行：关闭它打开的东西</translation>
    </message>
    <message>
        <source>on timeout, wait_for cancels the gather, which cancels every task still running,</source>
        <translation>超时时，wait_for 取消 gather，gather 再取消所有仍在运行的任务，</translation>
    </message>
    <message>
        <source>and returns only after their cleanup has run; the results of finished tasks are lost</source>
        <translation>并且要等它们的清理运行完才返回；已完成任务的结果也随之丢失</translation>
    </message>
    <message>
        <source>the same deadline as a block (Python 3.11): it cancels whatever the block awaits</source>
        <translation>同样的截止时间写成一个块（Python 3.11）：它会取消块中正在 await 的任何东西</translation>
    </message>
    <message>
        <source>asyncio.wait cancels nothing: it tells us which tasks are still pending</source>
        <translation>asyncio.wait 什么都不取消：它只告诉我们哪些任务仍未完成</translation>
    </message>
    <message>
        <source>wait for the cancelled tasks to run their cleanup; keep what finished in time</source>
        <translation>等被取消的任务运行完清理；保留按时完成的结果</translation>
    </message>
    <message>
        <source>a task&apos;s cleanup takes a little time too (an await in `finally`)</source>
        <translation>任务的清理也需要一点时间（`finally` 中的 await）</translation>
    </message>
    <message>
        <source>shortest task (ms)</source>
        <translation>最短任务（毫秒）</translation>
    </message>
    <message>
        <source>longest task (ms)</source>
        <translation>最长任务（毫秒）</translation>
    </message>
    <message>
        <source>timeout (ms)</source>
        <translation>超时（毫秒）</translation>
    </message>
    <message>
        <source>cleanup per task (ms)</source>
        <translation>每个任务的清理（毫秒）</translation>
    </message>
    <message>
        <source>The shortest task cannot take longer than the longest.</source>
        <translation>最短的任务不能比最长的任务用时更长。</translation>
    </message>
    <message>
        <source>results kept</source>
        <translation>保留的结果</translation>
    </message>
    <message>
        <source>done in time</source>
        <translation>按时完成</translation>
    </message>
    <message>
        <source>cleanup ran</source>
        <translation>清理已运行</translation>
    </message>
    <message>
        <source>deadline → control back (ms)</source>
        <translation>截止 → 收回控制（毫秒）</translation>
    </message>
    <message>
        <source>{way}: {done} of {tasks} done in time, {cancelled} cancelled, cleanup ran in {cleaned}; the caller got {got} and had control back {ms:.1f} ms after the deadline.</source>
        <translation>{way}：{tasks} 个任务中 {done} 个按时完成，{cancelled} 个被取消，{cleaned} 个运行了清理；调用方得到 {got}，在截止时间后 {ms:.1f} 毫秒收回控制。</translation>
    </message>
    <message>
        <source>Timeouts and cancellation</source>
        <translation>超时与取消</translation>
    </message>
    <message>
        <source>Every cancelled task still runs its cleanup, and control comes back only after it did (the cleanup time past the deadline); only asyncio.wait keeps the results that were ready in time.</source>
        <translation>每个被取消的任务仍会运行它的清理，控制权要等清理完成后才回来（超出截止时间的正是清理时间）；只有 asyncio.wait 能保留按时完成的结果。</translation>
    </message>
    <message>
        <source>Cancelling a task raises CancelledError at the await where it is waiting; its `finally` blocks and `async with` exits still run, and may even await. wait_for and asyncio.timeout cancel what they wrap when the deadline passes and give control back only once it has finished unwinding, then raise TimeoutError — so the gather&apos;s finished results are lost with it. asyncio.wait with a timeout cancels nothing: it returns the done and the pending tasks, and cancelling the pending ones is your job (and then awaiting them, so their cleanup runs before you go on).</source>
        <translation>取消一个任务，会在它正在等待的 await 处抛出 CancelledError；它的 `finally` 块和 `async with` 的退出代码仍会运行，甚至还可以 await。wait_for 和 asyncio.timeout 在截止时间到达时取消它们包裹的东西，要等其完全退出后才交回控制权，然后抛出 TimeoutError——因此 gather 中已完成的结果也随之丢失。带超时的 asyncio.wait 什么都不取消：它返回已完成和未完成的任务，取消未完成的任务是你的事（之后还要 await 它们，让清理在你继续之前运行完）。</translation>
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
        <source>{path} exists already; choose another name, or allow replacing it.</source>
        <translation>{path} 已存在；请换一个名称，或允许替换它。</translation>
    </message>
    <message>
        <source>{path} appeared while the primes were being listed; it was left as it is.</source>
        <translation>列出素数期间出现了 {path}；已保持原样，未作改动。</translation>
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
        <source>a worker died</source>
        <translation>有工作进程意外退出</translation>
    </message>
    <message>
        <source>terminating the process pool ({reason}); it restarts with the next job</source>
        <translation>正在终止进程池（{reason}）；下一个任务会重新启动它</translation>
    </message>
    <message>
        <source>terminating the process pool; it restarts with the next job</source>
        <translation>正在终止进程池；下一个任务会重新启动它</translation>
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
        <source>The {what} must not be negative.</source>
        <translation>{what}不能为负数。</translation>
    </message>
    <message>
        <source>The {what} has too many digits ({digits:,}); the largest allowed is {maximum:,}.</source>
        <translation>{what}的位数太多（{digits:,} 位）；允许的最大值为 {maximum:,}。</translation>
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
        <source>{count:,} primes</source>
        <translation>{count:,} 个素数</translation>
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
        <source>{title} (#{id}) started</source>
        <translation>{title}（#{id}）已开始</translation>
    </message>
    <message>
        <source>{title} (#{id}) cancelled after {seconds:.3f} s</source>
        <translation>{title}（#{id}）在 {seconds:.3f} 秒后取消</translation>
    </message>
    <message>
        <source>{title} (#{id}) failed: {error}</source>
        <translation>{title}（#{id}）失败：{error}</translation>
    </message>
    <message>
        <source>{title} (#{id}) done in {seconds:.3f} s</source>
        <translation>{title}（#{id}）完成，用时 {seconds:.3f} 秒</translation>
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
        <source>a cancelled job did not stop in time</source>
        <translation>已取消的任务未能及时停止</translation>
    </message>
    <message>
        <source>Cancelling {title} (#{id})</source>
        <translation>正在取消 {title}（#{id}）</translation>
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
        <source>Lab experiments</source>
        <translation>实验室实验</translation>
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
    <name>LabPanel</name>
    <message>
        <source>What to look for: {text}</source>
        <translation>观察要点：{text}</translation>
    </message>
    <message>
        <source>The source of this experiment is not available: {error}</source>
        <translation>无法获取这个实验的源代码：{error}</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Done in {seconds:.2f} s.</source>
        <translation>用时 {seconds:.2f} 秒完成。</translation>
    </message>
    <message>
        <source>Run the experiment to see its result here.</source>
        <translation>运行实验后，结果会显示在这里。</translation>
    </message>
    <message>
        <source>Export the result as CSV</source>
        <translation>将结果导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export what ran where as a trace</source>
        <translation>将运行轨迹（什么在哪里运行）导出为跟踪文件</translation>
    </message>
    <message>
        <source>Trace (*.json)</source>
        <translation>跟踪文件 (*.json)</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>无法保存 {path}：{error}</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验列表</translation>
    </message>
    <message>
        <source>The code that runs</source>
        <translation>实际运行的代码</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Result table</source>
        <translation>结果表格</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export trace…</source>
        <translation>导出跟踪…</translation>
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
    <message>
        <source>Technical details</source>
        <translation>技术细节</translation>
    </message>
    <message>
        <source>Also show tracebacks and messages meant for developers (in English)</source>
        <translation>同时显示调用栈和面向开发者的消息（英文）</translation>
    </message>
    <message>
        <source>Error: {message}</source>
        <translation>错误：{message}</translation>
    </message>
    <message>
        <source>Warning: {message}</source>
        <translation>警告：{message}</translation>
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
        <source>Lab</source>
        <translation>实验室</translation>
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
        <source>Start a count: the primes per stretch of the range appear here next to the x / ln x estimate. A scaling run plots its speed-up here too.</source>
        <translation>开始计数后，这里会显示范围内每一段的素数个数，并与 x / ln x 估计值对照。扩展性测试的加速比也画在这里。</translation>
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
        <source>{seconds:.3f} s (start-up {startup:.3f} s, compute {compute:.3f} s)</source>
        <translation>{seconds:.3f} 秒（启动 {startup:.3f} 秒，计算 {compute:.3f} 秒）</translation>
    </message>
    <message>
        <source>{rate} numbers/s</source>
        <translation>每秒 {rate} 个数</translation>
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
        <source>primes per bucket</source>
        <translation>每段素数个数</translation>
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
    <name>RateEdit</name>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限速</translation>
    </message>
    <message>
        <source>The most this may use; Unlimited when 0</source>
        <translation>可用的最大速度；为 0 时不限速</translation>
    </message>
    <message>
        <source>The unit of the speed limit</source>
        <translation>速度限制的单位</translation>
    </message>
    <message>
        <source>Speed limit unit</source>
        <translation>速度限制单位</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>{day} {time}</source>
        <translation>{day} {time}</translation>
    </message>
    <message>
        <source>Queue held until {when}</source>
        <translation>队列暂停至 {when}</translation>
    </message>
    <message>
        <source>Queue runs until {when}</source>
        <translation>队列运行至 {when}</translation>
    </message>
    <message>
        <source>The download queue is done</source>
        <translation>下载队列已完成</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Schedule</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>&amp;Start and pause the queue on a schedule</source>
        <translation>按计划开始和暂停队列(&amp;S)</translation>
    </message>
    <message>
        <source>When on, downloads run only between the start and stop times on the chosen days</source>
        <translation>开启后，下载只在选定日期的开始时间和暂停时间之间进行</translation>
    </message>
    <message>
        <source>Start &amp;at:</source>
        <translation>开始时间(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Pause at:</source>
        <translation>暂停时间(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;On:</source>
        <translation>日期(&amp;O)：</translation>
    </message>
    <message>
        <source>Start time</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>The queue starts at this time</source>
        <translation>队列在此时间开始</translation>
    </message>
    <message>
        <source>Pause time</source>
        <translation>暂停时间</translation>
    </message>
    <message>
        <source>The queue pauses at this time; earlier than the start: the next morning</source>
        <translation>队列在此时间暂停；早于开始时间即为次日早晨</translation>
    </message>
    <message>
        <source>A window may start on {day}</source>
        <translation>时段可在{day}开始</translation>
    </message>
    <message>
        <source>Outside these hours queued downloads wait and running ones pause; they go on when the queue starts again. A pause time earlier than the start time runs through midnight.</source>
        <translation>在这些时间之外，排队的下载会等待，进行中的下载会暂停；队列再次开始时它们会继续。暂停时间早于开始时间时，时段跨越午夜。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Anywhere</source>
        <translation>窗口内任意位置</translation>
    </message>
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
        <source>Where</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Every shortcut of the window</source>
        <translation>窗口的全部快捷键</translation>
    </message>
</context>
<context>
    <name>SpeedLimitDialog</name>
    <message>
        <source>Speed limit</source>
        <translation>速度限制</translation>
    </message>
    <message>
        <source>&amp;Limit:</source>
        <translation>限速(&amp;L)：</translation>
    </message>
    <message>
        <source>Speed limit of the selected downloads</source>
        <translation>所选下载的速度限制</translation>
    </message>
    <message>
        <source>The most each selected download may use; Unlimited when 0</source>
        <translation>每个所选下载可用的最大速度；为 0 时不限速</translation>
    </message>
    <message>
        <source>Applies at once to the selected downloads, also while they run. The overall limit of the Downloads tab still holds.</source>
        <translation>立即应用于所选的下载，正在进行的也一样。“下载”页的总体限速仍然有效。</translation>
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
        <source>Counters</source>
        <translation>计数器</translation>
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
