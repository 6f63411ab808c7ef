/*
** The parser entry points of the SQLite features that userstore's WebAssembly build leaves
** out (see options.txt), for `scripts/sqlite-amalgamation.sh`, which copies this file into
** the amalgamation just before the parser.
**
** SQLite's SQLITE_OMIT_* options for these features are meant for a parser regenerated
** from SQLite's canonical sources; the amalgamation's prebuilt parser still calls into the
** left-out code. Here each such call fails the statement with an error naming the feature,
** after freeing what the real function would have taken ownership of, so a statement that
** uses one of them is refused cleanly and leaks nothing. The store's own SQL uses none of
** them (the store runs only its own statements; its migrations do not use ALTER TABLE).
**
** One function is not a parser entry point but a helper that SQLite defines only with VACUUM
** while other code still calls it; it keeps its meaning: sqlite3PagerClearCache.
*/

/* Fails the statement being parsed: `feature` is not in this build. */
static void userstoreOmitted(Parse *pParse, const char *feature){
  sqlite3ErrorMsg(pParse, "%s: not available in this build of SQLite", feature);
}

/* ---- the helper that keeps its meaning ---- */

/* Drops the page cache of a pager, unless it is an in-memory or temporary one. */
SQLITE_PRIVATE void sqlite3PagerClearCache(Pager *pPager){
  if( pPager->tempFile==0 ) pager_reset(pPager);
}

/* ---- VACUUM, REINDEX and ANALYZE ---- */

SQLITE_PRIVATE void sqlite3Vacuum(Parse *pParse, Token *pNm, Expr *pInto){
  (void)pNm;
  sqlite3ExprDelete(pParse->db, pInto);
  userstoreOmitted(pParse, "VACUUM");
}

SQLITE_PRIVATE void sqlite3Reindex(Parse *pParse, Token *pName1, Token *pName2){
  (void)pName1; (void)pName2;
  userstoreOmitted(pParse, "REINDEX");
}

SQLITE_PRIVATE void sqlite3Analyze(Parse *pParse, Token *pName1, Token *pName2){
  (void)pName1; (void)pName2;
  userstoreOmitted(pParse, "ANALYZE");
}

/* ---- views ---- */

SQLITE_PRIVATE void sqlite3CreateView(
  Parse *pParse, Token *pBegin, Token *pName1, Token *pName2,
  ExprList *pCNames, Select *pSelect, int isTemp, int noErr
){
  (void)pBegin; (void)pName1; (void)pName2; (void)isTemp; (void)noErr;
  sqlite3ExprListDelete(pParse->db, pCNames);
  sqlite3SelectDelete(pParse->db, pSelect);
  userstoreOmitted(pParse, "CREATE VIEW");
}

/* ---- window functions: every OVER, FILTER and WINDOW clause builds a frame first ---- */

static Window *sqlite3WindowAlloc(
  Parse *pParse, int eType, int eStart, Expr *pStart, int eEnd, Expr *pEnd, u8 eExclude
){
  (void)eType; (void)eStart; (void)eEnd; (void)eExclude;
  sqlite3ExprDelete(pParse->db, pStart);
  sqlite3ExprDelete(pParse->db, pEnd);
  userstoreOmitted(pParse, "window functions");
  return 0;
}

static Window *sqlite3WindowAssemble(
  Parse *pParse, Window *pWin, ExprList *pPartition, ExprList *pOrderBy, Token *pBase
){
  (void)pBase;
  assert( pWin==0 );
  (void)pWin;
  sqlite3ExprListDelete(pParse->db, pPartition);
  sqlite3ExprListDelete(pParse->db, pOrderBy);
  userstoreOmitted(pParse, "window functions");
  return 0;
}

static void sqlite3WindowChain(Parse *pParse, Window *pWin, Window *pList){
  (void)pWin; (void)pList;
  userstoreOmitted(pParse, "window functions");
}

/* No window is ever built (see above), so there is never a list to free. */
static void sqlite3WindowListDelete(sqlite3 *db, Window *p){
  (void)db;
  assert( p==0 );
  (void)p;
}

/* ---- common table expressions (WITH) ---- */

/* SQLite's own stand-in macro for this takes one argument too few; replaced. */
#undef sqlite3CteNew
static Cte *sqlite3CteNew(
  Parse *pParse, Token *pName, ExprList *pArgList, Select *pQuery, u8 eM10d
){
  (void)pName; (void)eM10d;
  sqlite3ExprListDelete(pParse->db, pArgList);
  sqlite3SelectDelete(pParse->db, pQuery);
  userstoreOmitted(pParse, "WITH");
  return 0;
}

static With *sqlite3WithAdd(Parse *pParse, With *pWith, Cte *pCte){
  assert( pWith==0 && pCte==0 );
  (void)pWith; (void)pCte;
  userstoreOmitted(pParse, "WITH");
  return 0;
}

/* ---- ALTER TABLE: every form names its table first ---- */

static void userstoreAlterOmitted(Parse *pParse, SrcList *pSrc){
  sqlite3SrcListDelete(pParse->db, pSrc);
  userstoreOmitted(pParse, "ALTER TABLE");
}

SQLITE_PRIVATE void sqlite3AlterRenameTable(Parse *pParse, SrcList *pSrc, Token *pName){
  (void)pName;
  userstoreAlterOmitted(pParse, pSrc);
}

SQLITE_PRIVATE void sqlite3AlterRenameColumn(Parse *pParse, SrcList *pSrc, Token *pOld, Token *pNew){
  (void)pOld; (void)pNew;
  userstoreAlterOmitted(pParse, pSrc);
}

SQLITE_PRIVATE void sqlite3AlterDropConstraint(Parse *pParse, SrcList *pSrc, Token *pType, Token *pName){
  (void)pType; (void)pName;
  userstoreAlterOmitted(pParse, pSrc);
}

SQLITE_PRIVATE void sqlite3AlterAddConstraint(
  Parse *pParse, SrcList *pSrc, Token *pFirst, Token *pName,
  const char *zExpr, int nExpr, Expr *pExpr
){
  (void)pFirst; (void)pName; (void)zExpr; (void)nExpr;
  sqlite3ExprDelete(pParse->db, pExpr);
  userstoreAlterOmitted(pParse, pSrc);
}

SQLITE_PRIVATE void sqlite3AlterSetNotNull(Parse *pParse, SrcList *pSrc, Token *pCol, Token *pFirst){
  (void)pCol; (void)pFirst;
  userstoreAlterOmitted(pParse, pSrc);
}

SQLITE_PRIVATE void sqlite3AlterBeginAddColumn(Parse *pParse, SrcList *pSrc){
  userstoreAlterOmitted(pParse, pSrc);
}

/* Only reached after sqlite3AlterBeginAddColumn, whose error has already ended the parse. */
SQLITE_PRIVATE void sqlite3AlterFinishAddColumn(Parse *pParse, Token *pColDef){
  (void)pColDef;
  userstoreOmitted(pParse, "ALTER TABLE");
}

SQLITE_PRIVATE void sqlite3AlterDropColumn(Parse *pParse, SrcList *pSrc, const Token *pName){
  (void)pName;
  userstoreAlterOmitted(pParse, pSrc);
}

/* Token mapping for ALTER TABLE RENAME: without it IN_RENAME_OBJECT is always 0, so these
** are never called; they keep their meaning for builds that do not optimize the calls away. */
SQLITE_PRIVATE const void *sqlite3RenameTokenMap(Parse *pParse, const void *pPtr, const Token *pToken){
  (void)pParse; (void)pToken;
  return pPtr;
}

SQLITE_PRIVATE void sqlite3RenameTokenRemap(Parse *pParse, const void *pTo, const void *pFrom){
  (void)pParse; (void)pTo; (void)pFrom;
}

SQLITE_PRIVATE void sqlite3RenameExprUnmap(Parse *pParse, Expr *pExpr){
  (void)pParse; (void)pExpr;
}

/* ---- virtual tables: CREATE VIRTUAL TABLE fails at its header ---- */

SQLITE_PRIVATE void sqlite3VtabBeginParse(
  Parse *pParse, Token *pName1, Token *pName2, Token *pModuleName, int ifNotExists
){
  (void)pName1; (void)pName2; (void)pModuleName; (void)ifNotExists;
  userstoreOmitted(pParse, "CREATE VIRTUAL TABLE");
}

/* Only reached after sqlite3VtabBeginParse, whose error has already ended the parse. */
SQLITE_PRIVATE void sqlite3VtabFinishParse(Parse *pParse, Token *pEnd){
  (void)pEnd;
  userstoreOmitted(pParse, "CREATE VIRTUAL TABLE");
}

SQLITE_PRIVATE void sqlite3VtabArgInit(Parse *pParse){
  (void)pParse;
}

SQLITE_PRIVATE void sqlite3VtabArgExtend(Parse *pParse, Token *p){
  (void)pParse; (void)p;
}
