#ifndef fluxion_solvers_field_split_preconditioner_h
#define fluxion_solvers_field_split_preconditioner_h

#include <deal.II/base/index_set.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <memory>
#include <string>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * A block preconditioner for the monolithic matrix of a coupled system,
   * built from its diagonal field blocks A_kk. Each block is copied into a
   * Trilinos matrix of its own and gets its own inner preconditioner
   * (algebraic multigrid, ILU, Jacobi or an exact solve). The blocks are
   * combined either as block Jacobi, P = diag(A_kk), or as block
   * Gauss-Seidel, P = the lower block triangle of A: the fields are solved
   * in order and field k sees the corrections of the fields j < k through
   * A_kj (taken from the monolithic matrix).
   *
   * The DoFs of a field need not be contiguous in the monolithic numbering.
   * Each block gets its own numbering 0..n_k-1, in which every rank owns
   * one contiguous range (its owned DoFs of the field, in their monolithic
   * order), so the inner preconditioners see the partitions they expect.
   * The block index of a column that another rank owns comes from a ghost
   * exchange over the columns of the matrix.
   *
   * Cost: initialize() copies every block once (O(nnz)) and sets up the
   * inner preconditioners; call it again whenever the matrix changes. A
   * Gauss-Seidel application costs one product with the monolithic matrix
   * per field after the first, on top of the block solves.
   */
  class FieldSplitPreconditioner
  {
  public:
    using VectorType = TrilinosWrappers::MPI::Vector;

    /**
     * The preconditioner of one diagonal block.
     */
    enum class BlockSolver
    {
      /// Algebraic multigrid (Trilinos ML), for elliptic blocks.
      amg,
      /// Incomplete LU factorization without fill-in.
      ilu,
      /// The inverse of the diagonal.
      jacobi,
      /// An exact solve with a sparse direct solver.
      direct
    };

    /**
     * How the blocks are combined.
     */
    enum class Variant
    {
      /// The diagonal blocks only.
      jacobi,
      /// The lower block triangle, fields solved in their order.
      gauss_seidel
    };

    /**
     * The settings of the preconditioner.
     */
    struct AdditionalData
    {
      /// The preconditioner of each block (all amg when empty).
      std::vector<BlockSolver> block_solvers;
      /// How the blocks are combined.
      Variant variant = Variant::gauss_seidel;
      /// Whether the elements are of degree above 1 (for the AMG).
      bool higher_order_elements = false;
      /**
       * Values added to the diagonal of the blocks (null: none), one per
       * owned row of the monolithic matrix: a lumped approximation of the
       * Schur complement -A_kj A_jj^{-1} A_jk that field k sees of the
       * fields j solved before it. Used only during initialize().
       */
      const VectorType *diagonal_shift = nullptr;
    };

    /**
     * The block solver called @p name: "amg", "ilu", "jacobi" or
     * "direct". Throws an error that names @p parameter otherwise.
     */
    static BlockSolver
    parse_block_solver(const std::string &name, const std::string &parameter);

    /**
     * The block solver names, separated by '|', for patterns and messages.
     */
    static std::string
    block_solver_names();

    /**
     * Copy the diagonal blocks of @p matrix and set up their
     * preconditioners. @p field_dofs holds the locally owned DoFs of each
     * field; together they must be the locally owned rows of the matrix,
     * each in exactly one field. The matrix must stay alive and unchanged
     * while the preconditioner is used.
     */
    void
    initialize(const TrilinosWrappers::SparseMatrix &matrix,
               const std::vector<IndexSet>          &field_dofs,
               const AdditionalData                 &data);

    /**
     * dst = P^{-1} src.
     */
    void
    vmult(VectorType &dst, const VectorType &src) const;

    /**
     * The number of blocks.
     */
    unsigned int
    n_blocks() const
    {
      return blocks.size();
    }

    /**
     * The diagonal block of field @p k, in the block's own numbering.
     */
    const TrilinosWrappers::SparseMatrix &
    block_matrix(const unsigned int k) const
    {
      return blocks[k]->matrix;
    }

  private:
    /**
     * One diagonal block: its matrix, its preconditioner, and where its
     * rows sit among the local rows of the monolithic matrix.
     */
    struct Block
    {
      /// The local row of the monolithic matrix of each owned block row.
      std::vector<int>               local_rows;
      TrilinosWrappers::SparseMatrix matrix;
      BlockSolver                    solver = BlockSolver::amg;
      std::unique_ptr<TrilinosWrappers::PreconditionBase> preconditioner;
      std::unique_ptr<TrilinosWrappers::SolverDirect>     direct;
      SolverControl                                       direct_control;
      mutable VectorType                                  src, dst;
    };

    /// The block index and the in-block index of every column of @p m.
    void
    number_columns(const TrilinosWrappers::SparseMatrix &m,
                   const std::vector<IndexSet>          &field_dofs,
                   const std::vector<IndexSet>          &block_rows,
                   std::vector<int>                     &column_block,
                   std::vector<types::global_dof_index> &column_index) const;

    /// Copy the diagonal block @p b of field @p k out of @p m.
    void
    extract_block(const TrilinosWrappers::SparseMatrix       &m,
                  Block                                      &b,
                  const unsigned int                          k,
                  const std::vector<int>                     &column_block,
                  const std::vector<types::global_dof_index> &column_index,
                  const IndexSet                             &block_rows);

    /// Add the entries of @p shift (monolithic rows) to the diagonal of
    /// block @p b.
    void
    shift_diagonal(Block            &b,
                   const VectorType &shift,
                   const IndexSet   &block_rows);

    /// Set up the preconditioner of block @p k.
    void
    setup_block_solver(Block &b, const bool higher_order_elements);

    /// b.dst = P_k^{-1} b.src.
    void
    apply_block(const Block &b) const;

    const TrilinosWrappers::SparseMatrix *monolithic = nullptr;
    Variant                               variant    = Variant::gauss_seidel;
    std::vector<std::unique_ptr<Block>>   blocks;
    /// r - A z in the Gauss-Seidel sweep.
    mutable VectorType coupled;
  };
} // namespace Fluxion

#endif
