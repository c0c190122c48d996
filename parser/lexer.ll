/* SPDX-License-Identifier: GPL-2.0-or-later
 * Reentrant scanner for nft ruleset syntax. Words are looked up in keywords.cc; statement
 * option words (`rate`, `burst`, `prefix`, `level`, ...) are keywords only inside the statement
 * that opened their scope (see LexScope in lex_context.h).
 */
%option reentrant noyywrap nounput noinput batch never-interactive nodefault warn 8bit
%option extra-type="nftx::parser::LexContext*"
%option prefix="nftx_yy"

%top{
#include <cstdint>
}

%{
#include <string>

#include "parser/lex_context.h"
#include "parser/parser.hh"
#include "parser/keywords.h"

using Parser = nftx::parser::Parser;

#define YY_DECL Parser::symbol_type nftx_lex(yyscan_t yyscanner, nftx::parser::LexContext& ctx)
#define YY_USER_ACTION ctx.advance(static_cast<uint32_t>(yyleng));
#define LOC ctx.span()
%}

digit       [0-9]
hex         [0-9a-fA-F]
hex4        {hex}{1,4}
decnum      {digit}+
hexnum      0[xX]{hex}+
letter      [a-zA-Z]
word        ({letter}|[_.])({letter}|{digit}|[/\-_.])*
ip4         {digit}{1,3}"."{digit}{1,3}"."{digit}{1,3}"."{digit}{1,3}
ip6         ({hex4}?:){2,8}({hex4}|{ip4})|({hex4}?:){1,7}":"
numword     {digit}+{letter}({letter}|{digit})*
space       [ \t]+

%%

%{
  {
    nftx::parser::StartAs start;
    if (ctx.take_start(start)) {
      switch (start) {
        case nftx::parser::StartAs::File: return Parser::make_START_FILE(ctx.span());
        case nftx::parser::StartAs::TableBlock: return Parser::make_START_TABLE_BLOCK(ctx.span());
        case nftx::parser::StartAs::ChainBlock: return Parser::make_START_CHAIN_BLOCK(ctx.span());
      }
    }
  }
%}

{space}                 { }
\\\r?\n                 { ctx.newline_at(ctx.offset()); }
"#"[^\n]*               { }
\r?\n                   { ctx.newline_at(ctx.offset()); ctx.end_statement(); return Parser::make_NEWLINE(LOC); }
";"                     { ctx.end_statement(); return Parser::make_SEMICOLON(LOC); }
"{"                     { if (!ctx.open_bracket()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_LBRACE(LOC); }
"}"                     { if (ctx.take_brace_separator()) {
                            ctx.push_back_token();
                            yyless(0);
                            ctx.end_statement();
                            return Parser::make_NEWLINE(LOC);
                          }
                          ctx.close_bracket(); ctx.end_statement(); return Parser::make_RBRACE(LOC); }
"("                     { if (!ctx.open_bracket()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_LPAREN(LOC); }
")"                     { ctx.close_bracket(); return Parser::make_RPAREN(LOC); }
"["                     { if (!ctx.open_bracket()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_LBRACKET(LOC); }
"]"                     { ctx.close_bracket(); return Parser::make_RBRACKET(LOC); }
","                     { return Parser::make_COMMA(LOC); }
"."                     { return Parser::make_DOT(LOC); }
":"                     { return Parser::make_COLON(LOC); }
"/"                     { return Parser::make_SLASH(LOC); }
"-"                     { return Parser::make_DASH(LOC); }
"+"                     { return Parser::make_PLUS(LOC); }
"@"                     { return Parser::make_AT(LOC); }
"*"                     { return Parser::make_ASTERISK(LOC); }
"=="                    { return Parser::make_EQEQ(LOC); }
"="                     { return Parser::make_EQ(LOC); }
"!="                    { return Parser::make_NEQ(LOC); }
"!"                     { return Parser::make_BANG(LOC); }
"<="                    { return Parser::make_LTE(LOC); }
">="                    { return Parser::make_GTE(LOC); }
"<<"                    { if (!ctx.operator_seen()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_LSHIFT(LOC); }
">>"                    { if (!ctx.operator_seen()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_RSHIFT(LOC); }
"<"                     { return Parser::make_LT(LOC); }
">"                     { return Parser::make_GT(LOC); }
"&"                     { if (!ctx.operator_seen()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_AMP(LOC); }
"|"                     { if (!ctx.operator_seen()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_PIPE(LOC); }
"^"                     { if (!ctx.operator_seen()) return Parser::make_TOO_DEEP(LOC);
                          return Parser::make_CARET(LOC); }
"$"({letter}|{digit}|_)({letter}|{digit}|[_\-])* {
                          return Parser::make_VARIABLE(std::string(yytext + 1, yyleng - 1), LOC); }
\"(\\.|[^\\"\n])*\"     { return Parser::make_QUOTED(ctx.unquote(yytext, yyleng), LOC); }
\"(\\.|[^\\"\n])*       { return Parser::make_UNTERMINATED(LOC); }
{hexnum}                { return Parser::make_NUM(std::string(yytext, yyleng), LOC); }
{decnum}                { return Parser::make_NUM(std::string(yytext, yyleng), LOC); }
{hex}{1,4}":"{hex}{1,4}/[^a-zA-Z0-9_.:] {
                          /* tc class ids (`meta priority 1:2`); `25:accept` stays three tokens */
                          return Parser::make_STRING(std::string(yytext, yyleng), LOC); }
{ip4}                   { return Parser::make_STRING(std::string(yytext, yyleng), LOC); }
{ip6}                   { return Parser::make_STRING(std::string(yytext, yyleng), LOC); }
{numword}               { return Parser::make_STRING(std::string(yytext, yyleng), LOC); }
{word}"*"               { return Parser::make_ASTERISK_STRING(std::string(yytext, yyleng), LOC); }
{word}                  { return nftx::parser::classify_word(ctx, std::string(yytext, yyleng)); }
.                       { return Parser::make_BADCHAR(std::string(yytext, yyleng), LOC); }
<<EOF>>                 {
                          /* A last line without a newline still ends its command. */
                          if (!ctx.eof_seen()) { ctx.see_eof(); return Parser::make_NEWLINE(LOC); }
                          return Parser::make_END(LOC); }

%%
