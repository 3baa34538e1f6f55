#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>
#include <deal.II/lac/trilinos_index_access.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>

#include <fluxion/solvers/field_split_preconditioner.h>

#include <Epetra_CrsMatrix.h>

// Block Jacobi and block Gauss-Seidel over the fields of a monolithic
// Trilinos matrix.
namespace Fluxion
{
  namespace
  {
    const std::vector<
      std::pair<std::string, FieldSplitPreconditioner::BlockSolver>>
      block_solvers = {
        {"amg", FieldSplitPreconditioner::BlockSolver::amg},
        {"ilu", FieldSplitPreconditioner::BlockSolver::ilu},
        {"jacobi", FieldSplitPreconditioner::BlockSolver::jacobi},
        {"direct", FieldSplitPreconditioner::BlockSolver::direct}};

    // The local entries of a Trilinos vector.
    double *
    local_values(TrilinosWrappers::MPI::Vector &v)
    {
      return v.trilinos_vector()[0];
    }

    const double *
    local_values(const TrilinosWrappers::MPI::Vector &v)
    {
      return v.trilinos_vector()[0];
    }
  } // namespace

  FieldSplitPreconditioner::BlockSolver
  FieldSplitPreconditioner::parse_block_solver(const std::string &name,
                                               const std::string &parameter)
  {
    for (const auto &s : block_solvers)
      if (s.first == name)
        return s.second;
    AssertThrow(false,
                ExcMessage("<" + parameter + ">: the block preconditioner '" +
                           name + "' is not one of " + block_solver_names() +
                           "."));
    return BlockSolver::amg;
  }

  std::string
  FieldSplitPreconditioner::block_solver_names()
  {
    std::string names;
    for (const auto &s : block_solvers)
      names += (names.empty() ? "" : "|") + s.first;
    return names;
  }

  void
  FieldSplitPreconditioner::initialize(
    const TrilinosWrappers::SparseMatrix &matrix,
    const std::vector<IndexSet>          &field_dofs,
    const AdditionalData                 &data)
  {
    AssertThrow(data.block_solvers.empty() ||
                  data.block_solvers.size() == field_dofs.size(),
                ExcMessage("One block solver per field is needed."));
    monolithic = &matrix;
    variant    = data.variant;
    blocks.clear();

    // Each block's rows: one contiguous range per rank, in the order of the
    // monolithic numbering.
    const MPI_Comm        comm = matrix.get_mpi_communicator();
    std::vector<IndexSet> block_rows;
    for (const auto &dofs : field_dofs)
      block_rows.push_back(Utilities::MPI::create_ascending_partitioning(
        comm, dofs.n_elements())[Utilities::MPI::this_mpi_process(comm)]);

    std::vector<int>                     column_block;
    std::vector<types::global_dof_index> column_index;
    number_columns(matrix, field_dofs, block_rows, column_block, column_index);
    coupled.reinit(matrix.locally_owned_range_indices(), comm);

    for (unsigned int k = 0; k < field_dofs.size(); ++k)
      {
        blocks.push_back(std::make_unique<Block>());
        Block &b = *blocks.back();
        b.solver =
          data.block_solvers.empty() ? BlockSolver::amg : data.block_solvers[k];
        for (const auto i : field_dofs[k])
          b.local_rows.push_back(matrix.trilinos_matrix().LRID(
            static_cast<TrilinosWrappers::types::int_type>(i)));
        extract_block(matrix, b, k, column_block, column_index, block_rows[k]);
        if (data.diagonal_shift != nullptr)
          shift_diagonal(b, *data.diagonal_shift, block_rows[k]);
        b.src.reinit(block_rows[k], comm);
        b.dst.reinit(block_rows[k], comm);
        setup_block_solver(b, data.higher_order_elements);
      }
  }

  void
  FieldSplitPreconditioner::number_columns(
    const TrilinosWrappers::SparseMatrix &m,
    const std::vector<IndexSet>          &field_dofs,
    const std::vector<IndexSet>          &block_rows,
    std::vector<int>                     &column_block,
    std::vector<types::global_dof_index> &column_index) const
  {
    const Epetra_CrsMatrix &e     = m.trilinos_matrix();
    const MPI_Comm          comm  = m.get_mpi_communicator();
    const IndexSet          owned = m.locally_owned_range_indices();

    // Each owned row's block and its index in the block's numbering.
    VectorType block(owned, comm), index(owned, comm);
    block = -1;
    for (unsigned int k = 0; k < field_dofs.size(); ++k)
      {
        AssertThrow((field_dofs[k] & owned) == field_dofs[k],
                    ExcMessage("The DoFs of a field must be owned rows."));
        types::global_dof_index n = block_rows[k].n_elements() > 0 ?
                                      block_rows[k].nth_index_in_set(0) :
                                      0;
        for (const auto i : field_dofs[k])
          {
            AssertThrow(block[i] == -1,
                        ExcMessage("A DoF belongs to two fields."));
            block[i] = k;
            index[i] = n++;
          }
      }
    block.compress(VectorOperation::insert);
    index.compress(VectorOperation::insert);
    for (const auto i : owned)
      AssertThrow(block[i] != -1,
                  ExcMessage("An owned DoF belongs to no field."));

    // The same for every column, by a ghost exchange.
    IndexSet columns(m.n());
    for (int c = 0; c < e.NumMyCols(); ++c)
      columns.add_index(TrilinosWrappers::global_column_index(e, c));
    columns.add_indices(owned);
    columns.compress();
    VectorType ghost_block(owned, columns, comm);
    VectorType ghost_index(owned, columns, comm);
    ghost_block = block;
    ghost_index = index;
    column_block.resize(e.NumMyCols());
    column_index.resize(e.NumMyCols());
    for (int c = 0; c < e.NumMyCols(); ++c)
      {
        const auto g    = TrilinosWrappers::global_column_index(e, c);
        column_block[c] = static_cast<int>(ghost_block[g]);
        column_index[c] = static_cast<types::global_dof_index>(ghost_index[g]);
      }
  }

  void
  FieldSplitPreconditioner::extract_block(
    const TrilinosWrappers::SparseMatrix       &m,
    Block                                      &b,
    const unsigned int                          k,
    const std::vector<int>                     &column_block,
    const std::vector<types::global_dof_index> &column_index,
    const IndexSet                             &block_rows)
  {
    const Epetra_CrsMatrix &e = m.trilinos_matrix();
    // The entries of row r of the block, in the block's numbering.
    std::vector<types::global_dof_index> cols;
    std::vector<double>                  vals;
    const auto row_entries = [&](const unsigned int r) {
      int     length;
      double *values;
      int    *indices;
      e.ExtractMyRowView(b.local_rows[r], length, values, indices);
      cols.clear();
      vals.clear();
      for (int j = 0; j < length; ++j)
        if (column_block[indices[j]] == static_cast<int>(k))
          {
            cols.push_back(column_index[indices[j]]);
            vals.push_back(values[j]);
          }
    };

    TrilinosWrappers::SparsityPattern pattern(block_rows,
                                              block_rows,
                                              m.get_mpi_communicator());
    for (unsigned int r = 0; r < b.local_rows.size(); ++r)
      {
        row_entries(r);
        pattern.add_entries(block_rows.nth_index_in_set(r),
                            cols.begin(),
                            cols.end());
      }
    pattern.compress();
    b.matrix.reinit(pattern);
    for (unsigned int r = 0; r < b.local_rows.size(); ++r)
      {
        row_entries(r);
        b.matrix.set(block_rows.nth_index_in_set(r),
                     cols.size(),
                     cols.data(),
                     vals.data());
      }
    b.matrix.compress(VectorOperation::insert);
  }

  void
  FieldSplitPreconditioner::shift_diagonal(Block            &b,
                                           const VectorType &shift,
                                           const IndexSet   &block_rows)
  {
    const double *values = local_values(shift);
    for (unsigned int r = 0; r < b.local_rows.size(); ++r)
      if (values[b.local_rows[r]] != 0)
        {
          const auto i = block_rows.nth_index_in_set(r);
          b.matrix.add(i, i, values[b.local_rows[r]]);
        }
    b.matrix.compress(VectorOperation::add);
  }

  void
  FieldSplitPreconditioner::setup_block_solver(Block     &b,
                                               const bool higher_order)
  {
    switch (b.solver)
      {
          case BlockSolver::amg: {
            auto amg = std::make_unique<TrilinosWrappers::PreconditionAMG>();
            TrilinosWrappers::PreconditionAMG::AdditionalData amg_data;
            amg_data.elliptic              = true;
            amg_data.higher_order_elements = higher_order;
            amg->initialize(b.matrix, amg_data);
            b.preconditioner = std::move(amg);
            break;
          }
          case BlockSolver::ilu: {
            auto ilu = std::make_unique<TrilinosWrappers::PreconditionILU>();
            ilu->initialize(b.matrix);
            b.preconditioner = std::move(ilu);
            break;
          }
          case BlockSolver::jacobi: {
            auto j = std::make_unique<TrilinosWrappers::PreconditionJacobi>();
            j->initialize(b.matrix);
            b.preconditioner = std::move(j);
            break;
          }
        case BlockSolver::direct:
          b.direct =
            std::make_unique<TrilinosWrappers::SolverDirect>(b.direct_control);
          b.direct->initialize(b.matrix);
          break;
      }
  }

  void
  FieldSplitPreconditioner::apply_block(const Block &b) const
  {
    if (b.direct)
      b.direct->solve(b.dst, b.src);
    else
      b.preconditioner->vmult(b.dst, b.src);
  }

  void
  FieldSplitPreconditioner::vmult(VectorType &dst, const VectorType &src) const
  {
    Assert(monolithic != nullptr, ExcNotInitialized());
    Assert(src.trilinos_vector().Map().SameAs(
             monolithic->trilinos_matrix().RowMap()),
           ExcMessage("The vectors must have the rows of the matrix."));
    dst               = 0;
    const double *in  = local_values(src);
    double       *out = local_values(dst);
    for (unsigned int k = 0; k < blocks.size(); ++k)
      {
        const Block  &b   = *blocks[k];
        const double *rhs = in;
        // Gauss-Seidel: move the coupling to the fields solved before to
        // the right-hand side, r_k - sum_{j<k} A_kj z_j = (r - A z)_k, as
        // z is still zero in the fields from k on.
        if (variant == Variant::gauss_seidel && k > 0)
          {
            monolithic->vmult(coupled, dst);
            coupled.sadd(-1.0, 1.0, src);
            rhs = local_values(static_cast<const VectorType &>(coupled));
          }
        double *block_in = local_values(b.src);
        for (unsigned int r = 0; r < b.local_rows.size(); ++r)
          block_in[r] = rhs[b.local_rows[r]];
        apply_block(b);
        const double *block_out = local_values(b.dst);
        for (unsigned int r = 0; r < b.local_rows.size(); ++r)
          out[b.local_rows[r]] = block_out[r];
      }
  }
} // namespace Fluxion
