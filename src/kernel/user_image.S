/*
 * One user program's image inside the firmware (include/task.h struct
 * user_prog), assembled once per program by the Makefile with
 * NAME, TEXT_BIN and DATA_BIN (quoted paths) and BSS_SIZE defined. Its text starts and ends on
 * a page boundary, so the pages a task maps hold nothing but its own code.
 */
#define STR_(x) #x
#define STR(x) STR_(x)
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

	.section CAT(.user.text., NAME), "a"
	.balign	4096
CAT(NAME, _text):
	.incbin	TEXT_BIN
CAT(NAME, _text_end):
	.balign	4096

	.section CAT(.user.data., NAME), "a"
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
