//! MuBuilder fed in arbitrary chunks gives the one-shot μ (pure and internal forms).
#![no_main]
use libfuzzer_sys::fuzz_target;
use mldsa_core::MuBuilder;
use mldsa_fuzz::Input;

fuzz_target!(|data: &[u8]| {
    let mut inp = Input::new(data);
    let tr: [u8; 64] = inp.array();
    let ctx = inp.slice(300);
    let nsplits = inp.byte() & 15;
    let splits: Vec<usize> = (0..nsplits).map(|_| inp.u16() as usize).collect();
    let msg = inp.rest();

    let one_shot = MuBuilder::new(&tr, ctx).map(|mut b| {
        b.update(msg);
        b.finalize()
    });
    let mut internal_one = MuBuilder::internal(&tr);
    internal_one.update(msg);
    let internal_one = internal_one.finalize();

    let chunked = MuBuilder::new(&tr, ctx).map(|mut b| {
        feed(&mut b, msg, &splits);
        b.finalize()
    });
    let mut internal = MuBuilder::internal(&tr);
    feed(&mut internal, msg, &splits);
    assert_eq!(one_shot.is_ok(), ctx.len() <= 255);
    assert_eq!(one_shot, chunked);
    assert_eq!(internal.finalize(), internal_one);
});

fn feed(b: &mut MuBuilder, msg: &[u8], splits: &[usize]) {
    let mut rest = msg;
    for &s in splits {
        let (head, tail) = rest.split_at(s.min(rest.len()));
        b.update(head);
        rest = tail;
    }
    b.update(rest);
}
