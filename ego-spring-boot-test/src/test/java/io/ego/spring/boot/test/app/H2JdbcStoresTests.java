package io.ego.spring.boot.test.app;

import io.ego.spring.boot.test.AutoConfigureEgoJdbc;
import io.ego.spring.boot.test.EgoTest;

/** The JDBC stores on the application's own DataSource: H2 in memory. */
@EgoTest
@AutoConfigureEgoJdbc
class H2JdbcStoresTests extends JdbcStoresContract {

}
