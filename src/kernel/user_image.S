/*
 * One user program's image inside the firmware (include/task.h struct
 * user_prog), assembled once per program by the Makefile with
 * NAME, TEXT_BIN and DATA_BIN (quoted paths) and BSS_SIZE defined. Nothing
 * here is mapped for a task: a task gets copies (src/kernel/uspace.c), so
 * the images need no page alignment and cost the firmware no padding.
 */
#define STR_(x) #x
#define STR(x) STR_(x)
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

	.section CAT(.user.image., NAME), "a"
	.balign	4
CAT(NAME, _text):
	.incbin	TEXT_BIN
CAT(NAME, _text_end):
	.balign	4
CAT(NAME, _data):
	.incbin	DATA_BIN
CAT(NAME, _data_end):
CAT(NAME, _name):
	.asciz	STR(NAME)

	.section CAT(.user.progs., NAME), "a"
	.balign	4
	.word	CAT(NAME, _name)
	.word	CAT(NAME, _text)
	.word	CAT(NAME, _text_end) - CAT(NAME, _text)
	.word	CAT(NAME, _data)
	.word	CAT(NAME, _data_end) - CAT(NAME, _data)
	.word	BSS_SIZE
