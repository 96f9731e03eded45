#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    without_huge_pages();
    waymark::run()
}

/// mimalloc asks for transparent huge pages, so the first touch of any
/// byte of a thread's sparsely used heap has the kernel clear two
/// megabytes: a build's peak grew by a tenth, and clearing pages took up
/// to 40% of a build's processor time on a virtual machine whose memory
/// is backed only when first touched (bench/README.md). Without them,
/// only the pages used are cleared. A kernel that refuses is not asked
/// again.
fn without_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
